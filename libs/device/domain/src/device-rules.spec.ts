import { offeringFor, parseLeases, parseOfferings } from './device-catalogue.parser';
import { circularityByCustomer, inactiveReasons, InactiveReason, DeviceUseFacts, sumFees } from './device-usage.rules';
import { leaseEnd, leaseEndsSoon } from './lease.rules';

describe('lease rules', () => {
  it.each([
    ['2024-01-01', 36, '2026-12-31'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2025-11-15', 48, '2029-11-14'],
  ])('a lease from %s for %d months ends on %s', (start, months, end) => {
    expect(leaseEnd(start, months)).toBe(end);
  });

  it.each([
    ['2027-02-19', '2026-11-21', 90, true],
    ['2027-02-20', '2026-11-21', 90, false],
    ['2026-10-01', '2026-11-21', 90, true],
  ])('a lease ending %s, on %s, within %d days: %s', (end, today, days, due) => {
    expect(leaseEndsSoon(end, today, days)).toBe(due);
  });
});

describe('inactive devices', () => {
  const today = '2026-11-21';
  it.each<[string, DeviceUseFacts, InactiveReason[]]>([
    ['seen yesterday, enabled holder', { status: 'ASSIGNED', lastSeenDate: '2026-11-20', accountEnabled: true }, []],
    ['seen exactly 60 days ago', { status: 'ASSIGNED', lastSeenDate: '2026-09-22', accountEnabled: true }, []],
    ['seen 61 days ago', { status: 'REASSIGNED', lastSeenDate: '2026-09-21', accountEnabled: true }, ['NOT_SEEN']],
    ['never seen', { status: 'ASSIGNED', lastSeenDate: null, accountEnabled: true }, ['NOT_SEEN']],
    ['a leaver\'s', { status: 'ASSIGNED', lastSeenDate: '2026-11-20', accountEnabled: false }, ['ACCOUNT_DISABLED']],
    ['an unknown account\'s, never seen', { status: 'ASSIGNED', lastSeenDate: null, accountEnabled: null }, ['NOT_SEEN', 'NO_KNOWN_ACCOUNT']],
    ['in stock (nobody pays)', { status: 'IN_STOCK', lastSeenDate: null, accountEnabled: null }, []],
  ])('%s', (_, device, reasons) => {
    expect(inactiveReasons(device, today, 60)).toEqual(reasons);
  });

  it('sums fees exactly', () => {
    expect(sumFees(['389.50', '0.10', '0.20', null])).toBe('389.80');
  });
});

describe('device fee table and leases', () => {
  it('reads fees, a model\'s own fee winning over its type\'s default', () => {
    const { offerings, rejected } = parseOfferings(
      Buffer.from('offering_code;device_type;model;monthly_fee_sek\nKST-PC;PC;;389,50\nKST-PC-PLUS;PC;ThinkPad X1;612\nKST-X;TV;;10\nKST-IPAD;IPAD;;abc\n'),
    );
    expect(offerings.map((o) => [o.offeringCode, o.monthlyFeeSek])).toEqual([
      ['KST-PC', '389.50'],
      ['KST-PC-PLUS', '612.00'],
    ]);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [4, 'device_type'],
      [5, 'monthly_fee_sek'],
    ]);
    expect(offeringFor(offerings, 'PC', 'thinkpad x1')?.offeringCode).toBe('KST-PC-PLUS');
    expect(offeringFor(offerings, 'PC', 'Latitude')?.offeringCode).toBe('KST-PC');
    expect(offeringFor(offerings, 'MOBILE', '')).toBeUndefined();
  });

  it('reads lease contracts with their end day and reports bad rows', () => {
    const { leases, rejected } = parseLeases(Buffer.from('contract_id,supplier,start_date,term_months,serial_number\nL-2024-1,Atea,2024-01-01,36,sn0001\nL-2,Atea,2024-13-01,36,\nL-3,,2024-01-01,0,\n'));
    expect(leases).toEqual([{ contractId: 'L-2024-1', supplier: 'Atea', startDate: '2024-01-01', termMonths: 36, endDate: '2026-12-31', serialNumber: 'SN0001' }]);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [3, 'start_date'],
      [4, 'supplier'],
      [4, 'term_months'],
    ]);
  });
});

describe('circularity', () => {
  it('counts reuse, age and recycled vs reassigned per customer and city-wide', () => {
    const result = circularityByCustomer(
      [
        { customerCode: 'N138', status: 'ASSIGNED', timesAssigned: 1, inServiceSince: '2024-11-21' },
        { customerCode: 'N138', status: 'REASSIGNED', timesAssigned: 2, inServiceSince: '2022-11-21' },
        { customerCode: 'N138', status: 'RECYCLED', timesAssigned: 3, inServiceSince: '2020-11-21' },
        { customerCode: 'B110', status: 'IN_STOCK', timesAssigned: 0, inServiceSince: '2026-11-21' },
      ],
      '2026-11-21',
    );
    expect(result.customers).toEqual([
      { customer: 'B110', devices: 1, reuseRate: 0, averageAgeYears: 0, recycled: 0, reassigned: 0 },
      { customer: 'N138', devices: 3, reuseRate: 0.667, averageAgeYears: 3, recycled: 1, reassigned: 2 },
    ]);
    expect(result.city).toEqual({ devices: 4, reuseRate: 0.667, averageAgeYears: 2, recycled: 1, reassigned: 2 });
  });
});
