// The billing run prices the sums PostgreSQL makes of a month (BillingRepository.usageAggregates
// and headcountPersons). Here they are checked against the domain's own sums and headcount of
// the very items (usageItems), on a ledger with every case that moves them: joiners and leavers
// mid-month, a close dated back and one taking it back, adjustments, unit costs equal as
// numbers but written apart, items of other months, persons with two items.
import { randomUUID } from 'node:crypto';
import { aggregateUsage, countHeadcount, type UsageAggregate } from '@itops/billing/domain';
import { BillingRepository, type CustomerUsageAggregate } from '@itops/billing/data-access';
import { startBillingTestApp, type BillingTestApp } from '../__fixtures__/billing.test-app';

// February 2031: 28 days.
const FROM = '2031-02-01';
const TO = '2031-02-28';

/** Order-free, numbers compared as numbers: the SQL and the domain write 2 and 2.0000 apart. */
const normal = (aggregates: readonly (UsageAggregate & { customerCode: string })[]) =>
  aggregates
    .map((a) => ({
      customerCode: a.customerCode,
      offeringCode: a.offeringCode,
      unitCostSek: a.unitCostSek === undefined ? null : Number(a.unitCostSek),
      quantityAtMonthEnd: Number(a.quantityAtMonthEnd),
      quantityHeld: Number(a.quantityHeld),
      quantityDays: Number(a.quantityDays),
      itemIdsAtMonthEnd: [...a.itemIdsAtMonthEnd].sort(),
      itemIdsEndedInMonth: [...a.itemIdsEndedInMonth].sort(),
    }))
    .sort((a, b) => `${a.customerCode};${a.offeringCode};${a.unitCostSek}`.localeCompare(`${b.customerCode};${b.offeringCode};${b.unitCostSek}`));

describe('the month summed in PostgreSQL equals the domain summing its items', () => {
  let billing: BillingTestApp;
  let repository: BillingRepository;

  beforeAll(async () => {
    billing = await startBillingTestApp();
    repository = billing.app.get(BillingRepository);
    const open = async (customerCode: string, offeringCode: string, validFrom: string, more: { quantity?: string; unitCostSek?: string; subjectId?: string; kind?: 'adjust'; validTo?: string } = {}) => {
      const id = randomUUID();
      await billing.record({ id, customerCode, offeringCode, subjectId: more.subjectId ?? `s-${id}`, validFrom, ...more });
      return id;
    };
    const close = (ofItem: string, customerCode: string, offeringCode: string, validFrom: string, lastDay: string) =>
      billing.record({ id: randomUUID(), kind: 'close', refersTo: ofItem, customerCode, offeringCode, subjectId: 'closed', validFrom, validTo: lastDay });

    // Accounts (month end), PCs (days held), licences (at cost, days held), a fee (fast).
    await open('N138', 'KONTO', '2030-01-01');
    await open('N138', 'KONTO', '2031-02-15');
    await close(await open('N138', 'KONTO', '2030-01-01'), 'N138', 'KONTO', '2030-01-01', '2031-02-10');
    await close(await open('N138', 'KONTO', '2030-01-01'), 'N138', 'KONTO', '2030-01-01', '2031-02-28');
    await close(await open('N138', 'KONTO', '2030-01-01'), 'N138', 'KONTO', '2030-01-01', '2031-01-31');
    await open('N138', 'KONTO', '2031-03-01');
    await open('N138', 'KONTO', '2031-02-20', { kind: 'adjust', quantity: '-1' });
    const pc = await open('N138', 'KST-PC', '2030-06-01');
    // Dated back to the 5th, then taken back to the 20th: the latest close wins.
    await close(pc, 'N138', 'KST-PC', '2030-06-01', '2031-02-05');
    await close(pc, 'N138', 'KST-PC', '2030-06-01', '2031-02-20');
    await open('N138', 'KST-PC', '2031-02-28', { quantity: '0.5' });
    await open('N138', 'KST-PC', '2031-02-01', { validTo: '2031-02-01' });
    await open('B110', 'KST-PC', '2031-02-03', { kind: 'adjust', quantity: '2.25' });
    await open('N138', 'M365-E3', '2030-01-01', { unitCostSek: '250' });
    await open('N138', 'M365-E3', '2031-02-15', { unitCostSek: '250.00' });
    await close(await open('N138', 'M365-E3', '2031-02-02', { unitCostSek: '389.0' }), 'N138', 'M365-E3', '2031-02-02', '2031-02-16');
    await open('N138', 'M365-E3', '2031-02-08');
    await open('B110', 'M365-E3', '2031-02-08', { unitCostSek: '0.0149' });
    await open('B110', 'KUNDANSVAR', '2031-02-27', { validTo: '2031-02-27', quantity: '3' });
    // Headcount: N138 two persons (one with two items), one whose item is cancelled by an
    // adjustment; B110 one person, one who left on the 27th.
    await open('N138', 'ANSTALLDA', '2030-01-01', { subjectId: 'p1' });
    await open('N138', 'ANSTALLDA', '2031-02-01', { subjectId: 'p1' });
    await open('N138', 'ANSTALLDA', '2030-01-01', { subjectId: 'p2' });
    await open('N138', 'ANSTALLDA', '2030-01-01', { subjectId: 'p3' });
    await open('N138', 'ANSTALLDA', '2031-02-10', { subjectId: 'p3', kind: 'adjust', quantity: '-1' });
    await open('B110', 'ANSTALLDA', '2030-01-01', { subjectId: 'p4' });
    await close(await open('B110', 'ANSTALLDA', '2030-01-01', { subjectId: 'p5' }), 'B110', 'ANSTALLDA', '2030-01-01', '2031-02-27');
  });

  afterAll(async () => {
    await billing?.close();
  });

  it('sums per customer, offering and unit cost as aggregateUsage does', async () => {
    const items = await repository.usageItems(billing.dataSource.manager, FROM, TO);
    const byDomain: CustomerUsageAggregate[] = [...new Set(items.map((item) => item.customerCode))].flatMap((customerCode) =>
      aggregateUsage(
        items.filter((item) => item.customerCode === customerCode),
        '2031-02',
      ).map((aggregate) => ({ ...aggregate, customerCode })),
    );
    const bySql = await billing.dataSource.transaction((m) => repository.usageAggregates(m, FROM, TO));
    expect(normal(bySql)).toEqual(normal(byDomain));
    // Not an empty agreement: every case is there.
    expect(bySql).toHaveLength(10);
    expect(normal(bySql).find((a) => a.offeringCode === 'KST-PC' && a.customerCode === 'N138')).toMatchObject({
      // 20 days (closed on the 20th) + 0.5 × 1 + 1 day.
      quantityDays: 21.5,
      quantityAtMonthEnd: 0.5,
    });
  });

  it('counts the headcount on the last day as countHeadcount does', async () => {
    const items = await repository.usageItems(billing.dataSource.manager, TO, TO);
    const byDomain = countHeadcount(
      items.filter((item) => item.offeringCode === 'ANSTALLDA'),
      TO,
    );
    const bySql = await repository.headcountPersons(billing.dataSource.manager, 'ANSTALLDA', TO);
    expect(Object.fromEntries(bySql)).toEqual(Object.fromEntries(byDomain.byCustomer));
    expect(Object.fromEntries(bySql)).toEqual({ N138: 2, B110: 1 });
  });
});
