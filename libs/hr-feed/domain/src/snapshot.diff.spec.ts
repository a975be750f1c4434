import { Employment } from './employment.model';
import { employmentWith } from './__fixtures__/employment.fixture';
import { HrFeedException } from './hr-feed.exception';
import { diffSnapshots } from './snapshot.diff';

const TODAY = '2025-03-10';
const employment = (id: string, overrides: Partial<Employment> = {}): Employment => employmentWith({ employmentId: id, ...overrides });

type Kind = 'joiners' | 'movers' | 'leavers' | 'updated' | 'unchanged' | 'held';
const kindOf = (diff: ReturnType<typeof diffSnapshots>, id: string): Kind[] =>
  (['joiners', 'movers', 'leavers', 'updated', 'unchanged', 'held'] as const).filter((kind) =>
    diff[kind].some((entry) => ('employmentId' in entry ? entry : entry.next).employmentId === id),
  );

describe('diffSnapshots', () => {
  it.each<[string, Employment | null, Employment | null, Kind, string[]]>([
    ['new employment id', null, employment('E1'), 'joiners', []],
    ['nothing changed', employment('E1'), employment('E1'), 'unchanged', []],
    ['customer changed', employment('E1'), employment('E1', { customerCode: 'B110' }), 'movers', ['customerCode']],
    ['unit changed', employment('E1'), employment('E1', { unitCode: 'U200', unitName: 'Skola Norr' }), 'movers', ['unitCode', 'unitName']],
    ['job changed', employment('E1'), employment('E1', { jobCode: 'AID999' }), 'movers', ['jobCode']],
    ['cost centre changed', employment('E1'), employment('E1', { costCentre: '4712' }), 'movers', ['costCentre']],
    ['surname changed', employment('E1'), employment('E1', { surname: 'Lind' }), 'updated', ['surname']],
    ['rate changed', employment('E1'), employment('E1', { rate: 75 }), 'updated', ['rate']],
    ['start date moved', employment('E1'), employment('E1', { startDate: '2024-02-01' }), 'updated', ['startDate']],
    ['unit renamed, same code', employment('E1'), employment('E1', { unitName: 'Hemtjänst C' }), 'updated', ['unitName']],
    ['end date extended', employment('E1', { endDate: '2025-03-31' }), employment('E1', { endDate: '2025-06-30' }), 'updated', ['endDate']],
    ['end date removed', employment('E1', { endDate: '2025-03-31' }), employment('E1'), 'updated', ['endDate']],
    ['protected identity set', employment('E1'), employment('E1', { protectedIdentity: true }), 'updated', ['protectedIdentity']],
    ['end date now set', employment('E1'), employment('E1', { endDate: '2025-04-30' }), 'leavers', ['endDate']],
    ['end date moved to before today', employment('E1', { endDate: '2025-06-30' }), employment('E1', { endDate: '2025-03-07' }), 'leavers', ['endDate']],
    ['end date moved earlier, still ahead', employment('E1', { endDate: '2025-06-30' }), employment('E1', { endDate: TODAY }), 'updated', ['endDate']],
    ['end date set and moved: leaver wins', employment('E1'), employment('E1', { endDate: '2025-04-30', customerCode: 'B110' }), 'leavers', ['customerCode', 'endDate']],
    ['gone from the snapshot while open', employment('E1'), null, 'leavers', ['endDate']],
  ])('%s -> %s', (_, before, after, kind, changed) => {
    const diff = diffSnapshots(before ? [before] : [], after ? [after] : [], TODAY);
    expect(kindOf(diff, 'E1')).toEqual([kind]);
    const entry = diff[kind][0];
    if ('changed' in entry) expect(entry.changed).toEqual(changed);
  });

  it.each([
    ['open', null, TODAY],
    ['ending in the future', '2025-12-31', TODAY],
    ['already ended', '2025-01-31', '2025-01-31'],
  ])('ends an employment gone from the snapshot while %s as of today at the latest', (_, endDate, expected) => {
    const { leavers } = diffSnapshots([employment('E1', { endDate })], [], TODAY);
    expect(leavers).toEqual([
      { previous: employment('E1', { endDate }), next: employment('E1', { endDate: expected }), changed: expected === endDate ? [] : ['endDate'], reason: 'REMOVED_FROM_SNAPSHOT' },
    ]);
  });

  it.each([
    // start, end before, end after: never before the start, which every later step would refuse
    ['2025-03-15', null, '2025-03-15'],
    ['2025-04-01', '2025-06-30', '2025-04-01'],
    ['2025-03-11', '2025-03-11', '2025-03-11'],
    [TODAY, null, TODAY],
    ['2025-03-09', null, TODAY],
  ])('ends an employment starting %s (end %s) gone from the snapshot on %s', (startDate, endDate, expected) => {
    const { leavers } = diffSnapshots([employment('E1', { startDate, endDate })], [], TODAY);
    expect(leavers.map((l) => [l.next.startDate, l.next.endDate, l.reason])).toEqual([[startDate, expected, 'REMOVED_FROM_SNAPSHOT']]);
  });

  it('holds an employment whose row was rejected instead of treating it as a leaver', () => {
    const diff = diffSnapshots([employment('E1'), employment('E2')], [employment('E1')], TODAY, {
      rejectedEmploymentIds: new Set(['E2']),
    });
    expect(diff.held).toEqual([employment('E2')]);
    expect(diff.leavers).toEqual([]);
  });

  it('sorts a mixed snapshot into every kind, and yields only unchanged when re-applied', () => {
    const previous = [employment('E1'), employment('E2'), employment('E3'), employment('E4'), employment('E5')];
    const next = [
      employment('E1'),
      employment('E2', { customerCode: 'K171' }),
      employment('E3', { endDate: '2025-03-31' }),
      employment('E4', { rate: 50 }),
      employment('E6', { form: 'VIK', startDate: '2025-03-17' }),
    ];
    const diff = diffSnapshots(previous, next, TODAY);
    expect({
      joiners: diff.joiners.map((c) => c.next.employmentId),
      movers: diff.movers.map((c) => c.next.employmentId),
      leavers: diff.leavers.map((c) => [c.next.employmentId, c.reason, c.next.endDate]),
      updated: diff.updated.map((c) => c.next.employmentId),
      unchanged: diff.unchanged.map((e) => e.employmentId),
      held: diff.held,
    }).toEqual({
      joiners: ['E6'],
      movers: ['E2'],
      leavers: [
        ['E3', 'END_DATE_SET', '2025-03-31'],
        ['E5', 'REMOVED_FROM_SNAPSHOT', TODAY],
      ],
      updated: ['E4'],
      unchanged: ['E1'],
      held: [],
    });

    const again = diffSnapshots(next, next, '2025-03-11');
    expect(again.unchanged).toHaveLength(next.length);
    expect([...again.joiners, ...again.movers, ...again.leavers, ...again.updated, ...again.held]).toEqual([]);
  });

  it.each([
    ['a bad date', [], [], '2025-02-30', /today '2025-02-30' is not a date/],
    ['a duplicate id', [employment('E1'), employment('E1')], [], TODAY, /previous snapshot lists employment E1 twice/],
  ])('refuses %s', (_, previous, next, today, message) => {
    expect(() => diffSnapshots(previous, next, today)).toThrow(HrFeedException);
    expect(() => diffSnapshots(previous, next, today)).toThrow(message);
  });
});
