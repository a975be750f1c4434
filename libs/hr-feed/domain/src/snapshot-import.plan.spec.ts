import { Employment } from './employment.model';
import { planSnapshotImport } from './snapshot-import.plan';

const TODAY = '2025-03-10';
const employment = (id: string, overrides: Partial<Employment> = {}): Employment => ({
  employmentId: id,
  personnummer: '198507099805',
  givenName: 'Anna',
  surname: 'Svensson',
  customerCode: 'N138',
  unitCode: 'U100',
  unitName: 'Hemtjänst Centrum',
  costCentre: '4711',
  jobCode: 'AID123',
  jobTitle: 'Undersköterska',
  form: 'TV',
  rate: 100,
  startDate: '2024-01-15',
  endDate: null,
  managerEmploymentId: '9001',
  protectedIdentity: false,
  ...overrides,
});
const many = (n: number, prefix = 'E'): Employment[] => Array.from({ length: n }, (_, i) => employment(`${prefix}${i + 1}`));
const kinds = (plan: ReturnType<typeof planSnapshotImport>) => plan.changes.map((c) => [c.kind, c.employment.employmentId, c.inSnapshot]);

describe('planSnapshotImport', () => {
  it.each<[string, Employment | null, Employment | null, [string, boolean] | null, boolean]>([
    // case, current, next, [event kind, stays in the current set] or no event, retired
    ['a new employment', null, employment('E1'), ['JOINER', true], false],
    ['nothing changed', employment('E1'), employment('E1'), null, false],
    ['a new unit', employment('E1'), employment('E1', { unitCode: 'U200' }), ['MOVER', true], false],
    ['end date set', employment('E1'), employment('E1', { endDate: '2025-04-30' }), ['LEAVER', true], false],
    ['a new rate', employment('E1'), employment('E1', { rate: 50 }), ['UPDATED', true], false],
    ['gone while open', employment('E1'), null, ['LEAVER', false], false],
    ['gone before its future end date', employment('E1', { endDate: '2025-12-31' }), null, ['LEAVER', false], false],
    ['gone after its end date passed', employment('E1', { endDate: '2025-01-31' }), null, null, true],
    ['gone on its last day', employment('E1', { endDate: TODAY }), null, null, true],
  ])('%s', (_, before, after, event, retired) => {
    const plan = planSnapshotImport(before ? [before] : [], after ? [after] : [], TODAY, { maxLeaverShare: 1 });
    expect(kinds(plan)).toEqual(event ? [[event[0], 'E1', event[1]]] : []);
    expect(plan.retired).toEqual(retired ? ['E1'] : []);
  });

  it('ends an employment gone from the export as of today', () => {
    const plan = planSnapshotImport([employment('E1')], [], TODAY, { maxLeaverShare: 1 });
    expect(plan.changes[0].employment.endDate).toBe(TODAY);
  });

  it('holds an employment whose row was rejected instead of ending it', () => {
    const plan = planSnapshotImport([employment('E1'), employment('E2')], [employment('E1')], TODAY, {
      rejected: [{ employmentId: 'E2' }, { employmentId: null }],
    });
    expect(plan.changes).toEqual([]);
    expect(plan.retired).toEqual([]);
    expect(plan.verdict.held).toBe(false);
  });

  it('counts every kind and plans nothing when the same snapshot comes again', () => {
    const current = [employment('E1'), employment('E2'), employment('E3'), employment('E4'), employment('E5'), employment('E7', { endDate: '2025-01-31' })];
    const next = [
      employment('E1'),
      employment('E2', { customerCode: 'K171' }),
      employment('E3', { endDate: '2025-03-31' }),
      employment('E4', { surname: 'Lind' }),
      employment('E6', { form: 'VIK' }),
    ];
    const plan = planSnapshotImport(current, next, TODAY, { maxLeaverShare: 1 });
    expect(kinds(plan)).toEqual([
      ['JOINER', 'E6', true],
      ['MOVER', 'E2', true],
      ['LEAVER', 'E3', true],
      ['LEAVER', 'E5', false],
      ['UPDATED', 'E4', true],
    ]);
    expect(plan.retired).toEqual(['E7']);
    expect(plan.counts).toEqual({ joiners: 1, movers: 1, leavers: 2, updated: 1, unchanged: 1 });
    expect(plan.activeCount).toBe(5);

    const again = planSnapshotImport(next, next, TODAY);
    expect(again.changes).toEqual([]);
    expect(again.counts).toEqual({ joiners: 0, movers: 0, leavers: 0, updated: 0, unchanged: 5 });
  });

  it.each([
    // active, leavers, maxShare, held
    [100, 5, 0.05, false],
    [100, 6, 0.05, true],
    [100, 50, 0.05, true], // a truncated export
    [100, 6, 0.1, false],
    [0, 0, 0.05, false], // the first snapshot
  ])('%i active and %i leavers with max %d -> held %s', (active, leaverCount, maxShare, held) => {
    const current = many(active);
    const next = current.slice(leaverCount);
    const plan = planSnapshotImport(current, next, TODAY, { maxLeaverShare: maxShare });
    expect(plan.verdict.held).toBe(held);
    expect(plan.heldReason === null).toBe(!held);
    // The plan is complete either way: a held snapshot is applied from it after approval.
    expect(plan.counts.leavers).toBe(leaverCount);
  });

  it('does not count already ended employments as active nor as leavers', () => {
    const ended = many(50, 'X').map((e) => ({ ...e, endDate: '2025-01-31' }));
    const current = [...many(100), ...ended];
    const plan = planSnapshotImport(current, many(100), TODAY);
    expect(plan.activeCount).toBe(100);
    expect(plan.counts.leavers).toBe(0);
    expect(plan.retired).toHaveLength(50);
    expect(plan.verdict.held).toBe(false);
  });

  it('says why a snapshot is held', () => {
    const plan = planSnapshotImport(many(10), many(5), TODAY);
    expect(plan.heldReason).toBe(
      '5 leavers of 10 active employments (50 %) exceed the allowed 5 %; a truncated export looks like this, so an operator must approve the snapshot',
    );
  });
});
