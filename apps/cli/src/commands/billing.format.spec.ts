import { formatBillingRun, formatForecast } from './billing.format';

describe('formatBillingRun with corrections', () => {
  it('prints an invoice that holds only corrections without an empty table of its own lines', () => {
    const shown = formatBillingRun({
      period: '2026-12',
      status: 'draft',
      totalSek: '-62.50',
      invoices: [
        {
          customer: 'B110',
          totalSek: '-62.50',
          lines: [{ offering: 'KONTO', quantity: '-1', unitPriceSek: '62.50', amountSek: '-62.50', items: [], correction: true, correctsPeriod: '2026-10', reason: 'ledger changed after issue: 1 item ended' }],
        },
      ],
    });
    expect(shown.split('\n')).toEqual([
      'billing run 2026-12 (draft): 1 invoice, total -62.50 SEK',
      '',
      'B110  total -62.50 SEK',
      '  corrections of issued periods:',
      '  offering  corrects  quantity  unit price SEK  amount SEK  reason',
      '  KONTO     2026-10         -1           62.50      -62.50  ledger changed after issue: 1 item ended',
    ]);
  });
});

describe('formatForecast', () => {
  it('says when the year has no run, and prints the costs alone', () => {
    const shown = formatForecast({
      year: 2027,
      latestPeriod: null,
      monthsActual: 0,
      monthsRemaining: 12,
      customers: [],
      offerings: [{ offering: 'M365-E3', billedToDateSek: '0.00', costToDateSek: '0.00', forecastSek: '0.00', costForecastSek: '1200.00', recoveryForecastSek: '-1200.00', recovery: 'under' }],
      actualSek: '0.00',
      forecastSek: '0.00',
      costForecastSek: '1200.00',
      recoveryForecastSek: '-1200.00',
    });
    expect(shown.split('\n')).toEqual([
      'forecast 2027: no billing run yet',
      'actual 0.00 SEK, forecast 0.00 SEK, costs 1200.00 SEK, recovery -1200.00 SEK',
      '',
      'over/under-recovery per offering:',
      '  offering  billed SEK  cost SEK  forecast SEK  cost forecast SEK  recovery SEK',
      '  M365-E3         0.00      0.00          0.00            1200.00      -1200.00  under',
    ]);
  });
});
