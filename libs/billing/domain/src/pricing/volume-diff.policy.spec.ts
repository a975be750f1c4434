import { BillingExceptionCode } from '../billing.exception';
import type { UsageItem } from './usage-item.model';
import { diffVolumes } from './volume-diff.policy';

let nextId = 0;
const held = (offeringCode: string, subjectId: string, quantity = '1'): UsageItem => ({
  id: `item-${++nextId}`,
  offeringCode,
  subjectId,
  quantity,
  validFrom: '2025-01-01',
  validTo: null,
});

describe('diffVolumes', () => {
  it('names the subjects that came and left, per offering', () => {
    const previous = [held('KST01', 'pc-1'), held('KST01', 'pc-2'), held('M365E3', 'acc-1')];
    const current = [held('KST01', 'pc-2'), held('KST01', 'pc-4'), held('KST01', 'pc-3'), held('BEH01', 'acc-1')];
    expect(diffVolumes(previous, current)).toEqual([
      { offeringCode: 'BEH01', added: ['acc-1'], left: [], previousCount: 0, currentCount: 1 },
      { offeringCode: 'KST01', added: ['pc-3', 'pc-4'], left: ['pc-1'], previousCount: 2, currentCount: 3 },
      { offeringCode: 'M365E3', added: [], left: ['acc-1'], previousCount: 1, currentCount: 0 },
    ]);
  });

  it('counts a subject once however many items it has, and not at all when corrected away', () => {
    const previous = [held('KST01', 'pc-1'), held('KST01', 'pc-1'), held('KST01', 'pc-2')];
    const current = [held('KST01', 'pc-1'), held('KST01', 'pc-2'), held('KST01', 'pc-2', '-1')];
    expect(diffVolumes(previous, current)).toEqual([
      { offeringCode: 'KST01', added: [], left: ['pc-2'], previousCount: 2, currentCount: 1 },
    ]);
  });

  it('reports an unchanged offering with empty lists', () => {
    expect(diffVolumes([held('KST01', 'pc-1')], [held('KST01', 'pc-1')])).toEqual([
      { offeringCode: 'KST01', added: [], left: [], previousCount: 1, currentCount: 1 },
    ]);
  });

  it('refuses a malformed item', () => {
    expect(() => diffVolumes([held('KST01', 'pc-1', 'one')], [])).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.INVALID_USAGE }),
    );
  });
});
