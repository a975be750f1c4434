import { Employment } from './employment.model';
import { employmentWith } from './__fixtures__/employment.fixture';
import { HrFeedException } from './hr-feed.exception';
import { planSnapshotImport, SnapshotScope } from './snapshot-import.plan';

const TODAY = '2025-03-10';
const employment = (id: string, overrides: Partial<Employment> = {}): Employment => employmentWith({ employmentId: id, ...overrides });
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

describe('planSnapshotImport of a change file (scope changes)', () => {
  const stored = [employment('E1'), employment('E2'), employment('E3', { endDate: '2025-01-31' })];

  it.each<[string, Employment[], [string, string, boolean][], SnapshotImportCountsLike]>([
    // case, the change file, [event kind, id, stays in the current set], counts
    ['an empty file', [], [], { joiners: 0, movers: 0, leavers: 0, updated: 0, unchanged: 0 }],
    ['one new employment', [employment('E9')], [['JOINER', 'E9', true]], { joiners: 1, movers: 0, leavers: 0, updated: 0, unchanged: 0 }],
    ['a mover only', [employment('E2', { customerCode: 'B110' })], [['MOVER', 'E2', true]], { joiners: 0, movers: 1, leavers: 0, updated: 0, unchanged: 0 }],
    ['an update only', [employment('E1', { rate: 50 })], [['UPDATED', 'E1', true]], { joiners: 0, movers: 0, leavers: 0, updated: 1, unchanged: 0 }],
    ['an end-dated row', [employment('E1', { endDate: '2025-03-31' })], [['LEAVER', 'E1', true]], { joiners: 0, movers: 0, leavers: 1, updated: 0, unchanged: 0 }],
    ['an end date before today', [employment('E2', { endDate: '2025-03-09' })], [['LEAVER', 'E2', true]], { joiners: 0, movers: 0, leavers: 1, updated: 0, unchanged: 0 }],
    ['a row as it is stored', [employment('E1')], [], { joiners: 0, movers: 0, leavers: 0, updated: 0, unchanged: 1 }],
  ])('%s: the employments absent from the file are not leavers', (_, file, events, counts) => {
    const plan = planSnapshotImport(stored, file, TODAY, { scope: 'changes', maxLeaverShare: 1 });
    expect(kinds(plan)).toEqual(events);
    expect(plan.counts).toEqual(counts);
    expect(plan.retired).toEqual([]);
    expect(plan.activeCount).toBe(2);
  });

  it.each<[SnapshotScope | undefined, number, number]>([
    // scope, leavers, retired: the same one-row file read as a snapshot ends everything else
    [undefined, 1, 1],
    ['full', 1, 1],
    ['changes', 0, 0],
  ])('reads one file as scope %s: %i leavers, %i retired', (scope, leaverCount, retiredCount) => {
    const plan = planSnapshotImport(stored, [employment('E1')], TODAY, { scope, maxLeaverShare: 1 });
    expect(plan.counts.leavers).toBe(leaverCount);
    expect(plan.retired).toHaveLength(retiredCount);
  });

  it.each([
    // active, end-dated rows in the file, held: the share is of ALL active employments, not of the file
    [100, 5, false],
    [100, 6, true],
    [1000, 50, false],
    [1000, 51, true],
  ])('%i active employments, a change file ending %i of them -> held %s', (active, ending, held) => {
    const current = many(active);
    const file = current.slice(0, ending).map((e) => ({ ...e, endDate: '2025-03-31' }));
    const plan = planSnapshotImport(current, file, TODAY, { scope: 'changes', maxLeaverShare: 0.05 });
    expect(plan.activeCount).toBe(active);
    expect(plan.counts.leavers).toBe(ending);
    expect(plan.verdict.held).toBe(held);
  });

  it('holds nothing for one joiner on top of a population of 50', () => {
    const plan = planSnapshotImport(many(50), [employment('NEW1')], TODAY, { scope: 'changes' });
    expect(kinds(plan)).toEqual([['JOINER', 'NEW1', true]]);
    expect(plan.activeCount).toBe(50);
    expect(plan.verdict).toEqual({ held: false, share: 0 });
  });

  it('plans nothing when the same change file comes again', () => {
    const file = [employment('E9'), employment('E2', { customerCode: 'B110' })];
    const first = planSnapshotImport(stored, file, TODAY, { scope: 'changes' });
    expect(first.counts).toMatchObject({ joiners: 1, movers: 1 });
    const afterwards = [employment('E1'), employment('E2', { customerCode: 'B110' }), employment('E3', { endDate: '2025-01-31' }), employment('E9')];
    const again = planSnapshotImport(afterwards, file, TODAY, { scope: 'changes' });
    expect(again.changes).toEqual([]);
    expect(again.counts).toEqual({ joiners: 0, movers: 0, leavers: 0, updated: 0, unchanged: 2 });
  });

  it('refuses a scope it does not know', () => {
    const run = () => planSnapshotImport(stored, [], TODAY, { scope: 'delta' as SnapshotScope });
    expect(run).toThrow(HrFeedException);
    expect(run).toThrow("scope 'delta' is not allowed; allowed: full or changes");
  });
});

type SnapshotImportCountsLike = ReturnType<typeof planSnapshotImport>['counts'];
