import { formatBillingRun } from './billing.format';
import { formatChanges, formatSnapshotImport } from './hr.format';
import { formatLedger } from './metering.format';

describe('formatBillingRun', () => {
  it('prints a table per customer with exact amounts, and the totals', () => {
    const shown = formatBillingRun({
      period: '2026-11',
      totalSek: '24190.00',
      invoices: [
        {
          customer: 'N138',
          totalSek: '11495.00',
          lines: [
            { offering: 'KONTO', quantity: '120', unitPriceSek: '95.00', amountSek: '11400.00', items: ['a', 'b'] },
            { offering: 'PC-BAS', quantity: '0.5', unitPriceSek: '190.00', amountSek: '95.00', items: 1 },
          ],
        },
        { customer: 'B110', totalSek: '12695.00', lines: [{ offering: 'KONTO', quantity: '133.6333', unitPriceSek: '95.00', amountSek: '12695.00', items: [] }] },
      ],
    });
    expect(shown.split('\n')).toEqual([
      'billing run 2026-11: 2 invoices, total 24190.00 SEK',
      '',
      'N138  total 11495.00 SEK',
      '  offering  quantity  unit price SEK  amount SEK  items',
      '  KONTO          120           95.00    11400.00      2',
      '  PC-BAS         0.5          190.00       95.00      1',
      '',
      'B110  total 12695.00 SEK',
      '  offering  quantity  unit price SEK  amount SEK  items',
      '  KONTO     133.6333           95.00    12695.00      0',
    ]);
  });

  it('says when a run has no invoices', () => {
    expect(formatBillingRun({ period: '2026-12', invoices: [], totalSek: '0.00' })).toBe('billing run 2026-12: 0 invoices, total 0.00 SEK');
  });
});

describe('formatLedger', () => {
  const item = {
    kind: 'open',
    offeringCode: 'KONTO',
    subjectType: 'account',
    subjectId: '0193b2a4-acc1',
    quantity: '1.0000',
    validFrom: '2026-10-01',
    validTo: null,
  };

  it('lists each item, an open-ended one with "-" as its end', () => {
    expect(formatLedger({ customer: 'N138', period: '2026-11', items: [item, { ...item, subjectId: '0193b2a4-acc2', validTo: '2026-11-15' }] }).split('\n')).toEqual([
      'N138 2026-11: 2 ledger items',
      'offering  subject                from        to          quantity  kind',
      'KONTO     account 0193b2a4-acc1  2026-10-01  -             1.0000  open',
      'KONTO     account 0193b2a4-acc2  2026-10-01  2026-11-15    1.0000  open',
    ]);
  });

  it('adds the reason column only when a correction has one', () => {
    const shown = formatLedger({ customer: 'N138', period: '2026-11', items: [item, { ...item, kind: 'adjust', quantity: '-1.0000', reason: 'double count' }] });
    expect(shown.split('\n')[1]).toMatch(/ kind +reason$/);
    expect(shown).toContain('adjust  double count');
  });

  it('says when there are no items', () => {
    expect(formatLedger({ customer: 'B110', period: '2026-11', items: [] })).toBe('B110 2026-11: no ledger items');
  });
});

describe('formatSnapshotImport', () => {
  it('prints counts, the changes, other fields and the rejected rows', () => {
    const shown = formatSnapshotImport(
      {
        snapshotId: 'snap-1',
        accepted: 1200,
        rejected: [
          { line: 12, field: 'personnr', message: 'personnr: not a valid personnummer' },
          { line: 40, field: 'organisationskod', message: 'organisationskod: X999 is not a known customer' },
        ],
        changes: { joiners: 10, movers: 1, leavers: 2, unchanged: 1187 },
        held: false,
      },
      false,
    );
    expect(shown.split('\n')).toEqual([
      'accepted: 1200 rows',
      'rejected: 2 rows',
      'changes:  10 joiners, 1 mover, 2 leavers, 1187 unchanged',
      'snapshotId: snap-1',
      'held:       false',
      'rejected rows:',
      '  line  field             message',
      '    12  personnr          personnr: not a valid personnummer',
      '    40  organisationskod  organisationskod: X999 is not a known customer',
    ]);
  });

  it('says a dry run stored nothing', () => {
    expect(formatSnapshotImport({ accepted: 3, rejected: [], changes: { joiners: 3 } }, true).split('\n')).toEqual([
      'dry run: nothing was stored',
      'accepted: 3 rows',
      'rejected: 0 rows',
      'changes:  3 joiners',
    ]);
  });

  it('counts changes given as lists, in the usual order, then other kinds', () => {
    expect(formatChanges({ updated: [1, 2], unchanged: [], leavers: ['e1'], joiners: 0, movers: 4 })).toBe(
      '0 joiners, 4 movers, 1 leaver, 0 unchanged, 2 updated',
    );
  });
});
