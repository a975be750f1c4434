import { BillingExceptionCode } from '../billing.exception';
import type { CostEntry } from './cost-entry.model';
import { forecastYear, type BilledAmount } from './year-forecast.policy';

const billed = (period: string, customerCode: string, offeringCode: string, amountSek: string, correction = false): BilledAmount => ({
  period,
  customerCode,
  offeringCode,
  amountSek,
  correction,
});
const cost = (period: string, offeringCode: string, amountSek: string, source: CostEntry['source'] = 'entered'): CostEntry => ({
  offeringCode,
  period,
  amountSek,
  source,
  note: null,
});

describe('forecastYear', () => {
  // Runs for January to March 2026: nine months remain.
  const runPeriods = ['2026-01', '2026-02', '2026-03'];
  const lines = [
    billed('2026-01', 'N138', 'KONTO', '1000.00'),
    billed('2026-02', 'N138', 'KONTO', '1100.00'),
    billed('2026-03', 'N138', 'KONTO', '1200.00'),
    // A correction of February billed in March: actual, but not a monthly run rate.
    billed('2026-03', 'N138', 'KONTO', '-50.00', true),
    billed('2026-01', 'N138', 'KST-PC', '389.50'),
    billed('2026-03', 'B110', 'KONTO', '62.50'),
  ];

  it('forecasts each customer and offering as actual to date plus the latest month per remaining month', () => {
    const forecast = forecastYear({ year: 2026, runPeriods, billed: lines, costs: [] });
    expect(forecast).toMatchObject({ year: 2026, latestPeriod: '2026-03', monthsActual: 3, monthsRemaining: 9 });
    expect(forecast.customers).toEqual([
      { customer: 'B110', actualSek: '62.50', forecastSek: '625.00', offerings: [{ offering: 'KONTO', actualSek: '62.50', runRateSek: '62.50', forecastSek: '625.00' }] },
      {
        customer: 'N138',
        actualSek: '3639.50',
        forecastSek: '14439.50',
        offerings: [
          // 1000 + 1100 + 1200 − 50 = 3250; 3250 + 9 × 1200 = 14050.
          { offering: 'KONTO', actualSek: '3250.00', runRateSek: '1200.00', forecastSek: '14050.00' },
          // Not billed in March: no run rate.
          { offering: 'KST-PC', actualSek: '389.50', runRateSek: '0.00', forecastSek: '389.50' },
        ],
      },
    ]);
    expect([forecast.actualSek, forecast.forecastSek]).toEqual(['3702.00', '15064.50']);
  });

  it.each<[string, CostEntry[], Record<string, string>]>([
    [
      'costs entered each month so far run on at the latest month’s rate',
      [cost('2026-01', 'KONTO', '900.00'), cost('2026-02', 'KONTO', '900.00'), cost('2026-03', 'KONTO', '1000.00')],
      // billed 3312.50, forecast 14675.00; cost 2800 to date, + 9 × 1000.
      { billedToDateSek: '3312.50', costToDateSek: '2800.00', recoveryToDateSek: '512.50', forecastSek: '14675.00', costForecastSek: '11800.00', recoveryForecastSek: '2875.00', recovery: 'over' },
    ],
    [
      'a contract entered for later months replaces the run rate in those months',
      [cost('2026-03', 'KONTO', '1000.00', 'licence-contract'), cost('2026-07', 'KONTO', '20000.00', 'licence-contract')],
      // 1000 to date; April-December: 8 × 1000 + 20000 in July.
      { costToDateSek: '1000.00', costForecastSek: '29000.00', recoveryForecastSek: '-14325.00', recovery: 'under' },
    ],
    ['no costs at all: everything billed is over-recovery', [], { costForecastSek: '0.00', recoveryForecastSek: '14675.00', recovery: 'over' }],
  ])('%s', (_case, costs, expected) => {
    const konto = forecastYear({ year: 2026, runPeriods, billed: lines, costs }).offerings.find((o) => o.offering === 'KONTO');
    expect(konto).toMatchObject(expected);
  });

  it('lists an offering with costs but nothing billed as under-recovered, with costs by source', () => {
    const forecast = forecastYear({
      year: 2026,
      runPeriods,
      billed: lines,
      costs: [cost('2026-03', 'M365-E3', '500.00', 'licence-contract'), cost('2026-03', 'M365-E3', '100.00', 'entered'), cost('2025-12', 'M365-E3', '999.00')],
    });
    expect(forecast.offerings.find((o) => o.offering === 'M365-E3')).toEqual({
      offering: 'M365-E3',
      billedToDateSek: '0.00',
      costToDateSek: '600.00',
      recoveryToDateSek: '-600.00',
      forecastSek: '0.00',
      costForecastSek: '6000.00',
      recoveryForecastSek: '-6000.00',
      recovery: 'under',
      costsBySource: { 'licence-contract': '500.00', 'device-lease': '0.00', entered: '100.00' },
    });
  });

  it('calls an offering whose forecast meets its cost balanced', () => {
    const forecast = forecastYear({ year: 2026, runPeriods: ['2026-12'], billed: [billed('2026-12', 'N138', 'KONTO', '100.00')], costs: [cost('2026-12', 'KONTO', '100.00')] });
    expect(forecast.offerings[0]).toMatchObject({ recoveryForecastSek: '0.00', recovery: 'balanced' });
    expect(forecast.monthsRemaining).toBe(0);
  });

  it('forecasts a year without runs as its costs alone', () => {
    const forecast = forecastYear({ year: 2027, runPeriods: [], billed: [], costs: [cost('2027-02', 'KONTO', '10.00')] });
    expect(forecast).toMatchObject({ latestPeriod: null, monthsActual: 0, monthsRemaining: 12, customers: [], forecastSek: '0.00', costForecastSek: '10.00' });
  });

  it('ignores lines of periods without a run in the year', () => {
    const forecast = forecastYear({ year: 2026, runPeriods: ['2026-01'], billed: [billed('2026-01', 'N138', 'KONTO', '1.00'), billed('2026-02', 'N138', 'KONTO', '1000.00')], costs: [] });
    expect(forecast.actualSek).toBe('1.00');
  });

  it.each([
    [{ year: 26, runPeriods: [] }, BillingExceptionCode.INVALID_YEAR],
    [{ year: 2026.5, runPeriods: [] }, BillingExceptionCode.INVALID_YEAR],
    [{ year: 2026, runPeriods: ['2025-12'] }, BillingExceptionCode.INVALID_PERIOD],
  ])('refuses %j', (input, code) => {
    expect(() => forecastYear({ ...input, billed: [], costs: [] })).toThrow(expect.objectContaining({ code }));
  });
});
