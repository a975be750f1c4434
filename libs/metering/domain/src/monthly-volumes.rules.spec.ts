import { calendarMonth } from './calendar-month';
import { monthlyVolumes, type VolumeItem } from './monthly-volumes.rules';

let serial = 0;
const item = (subjectId: string, validFrom: string, validTo: string | null, more: Partial<VolumeItem> = {}): VolumeItem => ({
  id: `item-${++serial}`,
  kind: 'open',
  offeringCode: 'KONTO',
  subjectType: 'account',
  subjectId,
  quantity: '1.0000',
  validFrom,
  validTo,
  close: null,
  sourceEventId: `event-${serial}`,
  reason: null,
  operator: null,
  ...more,
});
const closedOn = (validTo: string) => ({ close: { id: `close-${++serial}`, validTo, sourceEventId: `event-${serial}` } });
const adjust = (subjectId: string, quantity: string, validFrom: string, validTo: string | null) =>
  item(subjectId, validFrom, validTo, { kind: 'adjust', quantity, sourceEventId: null, reason: 'double count', operator: 'anna' });

const volumesOf = (period: string, items: VolumeItem[]) => monthlyVolumes({ month: calendarMonth(period), items, includeItems: true });

describe('monthlyVolumes: quantity at month end and prorated by days held', () => {
  it.each([
    ['held all month', '2026-11', [item('a', '2026-01-01', null)], '1', '1'],
    ['a mid-month joiner: 15 of 30 days', '2026-11', [item('a', '2026-11-16', null)], '1', '0.5'],
    ['a joiner on the last day: 1 of 30 days', '2026-11', [item('a', '2026-11-30', null)], '1', '0.0333'],
    ['a leaver on the 10th (own end): not at month end, 10 of 30 days', '2026-11', [item('a', '2026-10-01', '2026-11-10')], '0', '0.3333'],
    ['a leaver by a close item on the 20th', '2026-11', [item('a', '2026-10-01', null, closedOn('2026-11-20'))], '0', '0.6667'],
    ['a close item on the last day keeps it at month end', '2026-11', [item('a', '2026-10-01', null, closedOn('2026-11-30'))], '1', '1'],
    ['February 2026: 14 of 28 days', '2026-02', [item('a', '2026-02-15', null)], '1', '0.5'],
    ['February 2028 (leap year): 15 of 29 days', '2028-02', [item('a', '2028-02-15', null)], '1', '0.5172'],
    ['a February leaver on the 28th of a leap year is gone at month end', '2028-02', [item('a', '2028-01-01', '2028-02-28')], '0', '0.9655'],
    ['an adjustment of -1 all month cancels an item', '2026-11', [item('a', '2026-01-01', null), adjust('a', '-1', '2026-11-01', '2026-11-30')], '0', '0'],
    ['an adjustment of -1 for half the month', '2026-11', [item('a', '2026-01-01', null), adjust('a', '-1', '2026-11-01', '2026-11-15')], '1', '0.5'],
    ['a positive adjustment of 0.5 open-ended', '2026-11', [adjust('b', '0.5', '2026-11-01', null)], '0.5', '0.5'],
    ['an item that ended the month before counts nothing', '2026-11', [item('a', '2026-09-01', null, closedOn('2026-10-31')), item('b', '2026-11-01', null)], '1', '1'],
    ['two items of one subject add up', '2026-11', [item('a', '2026-11-01', null), item('a', '2026-11-16', null, { quantity: '2' })], '3', '2'],
  ])('%s', (_case, period, items, atMonthEnd, prorated) => {
    const [volume] = volumesOf(period, items);
    expect([volume.quantityAtMonthEnd, volume.quantityProrated]).toEqual([atMonthEnd, prorated]);
  });

  it('computes exactly and rounds once: 1/3 of a day each for 3 items is not 0.9999', () => {
    const items = ['a', 'b', 'c'].map((subject) => item(subject, '2026-11-21', null));
    // 3 x 10 / 30 = 1, not 3 x 0.3333.
    expect(volumesOf('2026-11', items)[0].quantityProrated).toBe('1');
  });
});

describe('monthlyVolumes: the difference to the previous month, subject by subject', () => {
  it.each([
    ['a joiner this month is added', [item('a', '2026-11-16', null)], ['account a'], []],
    ['a leaver this month has left', [item('a', '2026-01-01', null, closedOn('2026-11-10'))], [], ['account a']],
    ['held at both month ends: neither', [item('a', '2026-01-01', null)], [], []],
    ['joined and left within the month: neither', [item('a', '2026-11-05', '2026-11-20')], [], []],
    ['held through the last day of last month: leaves in this month\'s list', [item('a', '2026-01-01', '2026-10-31')], [], ['account a']],
    ['left before last month ended: in last month\'s list, not this one\'s', [item('a', '2026-01-01', '2026-10-30')], [], []],
    ['an adjustment to nothing at month end makes a leaver', [item('a', '2026-01-01', null), adjust('a', '-1', '2026-11-30', null)], [], ['account a']],
    ['a move between two items of one subject is no change', [item('a', '2026-01-01', '2026-11-15'), item('a', '2026-11-16', null)], [], []],
  ])('%s', (_case, items, added, left) => {
    const [volume] = volumesOf('2026-11', items);
    expect(volume.added.map((s) => `${s.subjectType} ${s.subjectId}`)).toEqual(added);
    expect(volume.left.map((s) => `${s.subjectType} ${s.subjectId}`)).toEqual(left);
  });

  it('lists added and left in subject order with the quantity held', () => {
    const [volume] = volumesOf('2026-11', [
      item('c', '2026-11-02', null),
      item('b', '2026-11-03', null, { quantity: '2' }),
      item('x', '2026-05-01', '2026-11-01'),
      item('y', '2026-05-01', '2026-11-01'),
    ]);
    expect(volume.added).toEqual([
      { subjectType: 'account', subjectId: 'b', quantity: '2' },
      { subjectType: 'account', subjectId: 'c', quantity: '1' },
    ]);
    expect(volume.left.map((s) => s.subjectId)).toEqual(['x', 'y']);
  });

  it('crosses the year: December of the year before is January\'s previous month', () => {
    const [volume] = volumesOf('2027-01', [item('a', '2026-12-01', '2026-12-31'), item('b', '2027-01-31', null)]);
    expect(volume.left.map((s) => s.subjectId)).toEqual(['a']);
    expect(volume.added.map((s) => s.subjectId)).toEqual(['b']);
  });
});

describe('monthlyVolumes: offerings and items', () => {
  it('lists each offering with items in either month, in code order, an emptied one too', () => {
    const volumes = volumesOf('2026-11', [
      item('p1', '2026-01-01', null, { offeringCode: 'ANSTALLDA', subjectType: 'person' }),
      item('a', '2026-01-01', '2026-10-31'),
    ]);
    expect(volumes.map((v) => [v.offering, v.quantityAtMonthEnd, v.left.length])).toEqual([
      ['ANSTALLDA', '1', 0],
      ['KONTO', '0', 1],
    ]);
    expect(volumes[1].items).toEqual([]);
  });

  it('shows the items of the month with the close applied, the events behind them and an adjustment\'s reason and operator', () => {
    const open = item('a', '2026-10-01', null, closedOn('2026-11-10'));
    const correction = adjust('b', '-1', '2026-11-01', null);
    const [volume] = volumesOf('2026-11', [item('z', '2026-09-01', '2026-10-31'), correction, open]);
    expect(volume.items).toEqual([
      { id: open.id, kind: 'open', subjectType: 'account', subjectId: 'a', validFrom: '2026-10-01', validTo: '2026-11-10', quantity: '1', sourceEventId: open.sourceEventId, close: open.close, reason: null, operator: null },
      { id: correction.id, kind: 'adjust', subjectType: 'account', subjectId: 'b', validFrom: '2026-11-01', validTo: null, quantity: '-1', sourceEventId: null, close: null, reason: 'double count', operator: 'anna' },
    ]);
  });

  it('leaves the items out unless asked for', () => {
    const [volume] = monthlyVolumes({ month: calendarMonth('2026-11'), items: [item('a', '2026-11-01', null)], includeItems: false });
    expect(volume).not.toHaveProperty('items');
    expect(volume.added).toHaveLength(1);
  });

  it('refuses a quantity that is not a decimal', () => {
    expect(() => volumesOf('2026-11', [item('a', '2026-11-01', null, { quantity: '1,5' })])).toThrow(/quantity "1,5" is not a decimal/);
  });
});
