import { formatVolumes, type VolumesAnswer } from './metering.format';

const volumes: VolumesAnswer = {
  customer: 'N138',
  period: '2026-11',
  offerings: [
    {
      offering: 'KONTO',
      quantityAtMonthEnd: '1',
      quantityProrated: '1.5',
      added: [{ subjectType: 'account', subjectId: 'a-2', quantity: '1' }],
      left: [],
      items: [
        { id: 'i1', kind: 'open', subjectType: 'account', subjectId: 'a-1', validFrom: '2026-09-01', validTo: '2026-11-15', quantity: '1', sourceEventId: 'e1', close: { id: 'c1', validTo: '2026-11-15', sourceEventId: 'e9' }, reason: null, operator: null },
        { id: 'i2', kind: 'open', subjectType: 'account', subjectId: 'a-2', validFrom: '2026-11-16', validTo: null, quantity: '1', sourceEventId: 'e2', close: null, reason: null, operator: null },
        { id: 'i3', kind: 'adjust', subjectType: 'account', subjectId: 'a-1', validFrom: '2026-11-01', validTo: '2026-11-15', quantity: '-1', sourceEventId: null, close: null, reason: 'counted twice', operator: 'anna' },
      ],
    },
  ],
};

describe('formatVolumes', () => {
  it('with items lists each item with its days, quantity and where it came from: the events, or the operator and reason', () => {
    expect(formatVolumes(volumes, { items: true }).split('\n')).toEqual([
      'N138 2026-11: 1 offering',
      'offering  at month end  prorated  added  left',
      'KONTO                1       1.5      1     0',
      '',
      'KONTO: 1 added, 0 left, 3 items',
      '  change  subject      quantity',
      '  added   account a-2         1',
      '  subject      from        to          quantity  kind    source',
      '  account a-1  2026-09-01  2026-11-15         1  open    event e1, closed by event e9',
      '  account a-2  2026-11-16  -                  1  open    event e2',
      '  account a-1  2026-11-01  2026-11-15        -1  adjust  anna: counted twice',
    ]);
  });

  it('leaves out the section of an offering without changes when items are not asked for', () => {
    const steady = { ...volumes, offerings: [{ ...volumes.offerings[0], added: [], items: undefined }] };
    expect(formatVolumes(steady).split('\n')).toEqual(['N138 2026-11: 1 offering', 'offering  at month end  prorated  added  left', 'KONTO                1       1.5      0     0']);
  });

  it('says when a customer has no volumes in the month', () => {
    expect(formatVolumes({ customer: 'B110', period: '2026-11', offerings: [] })).toBe('B110 2026-11: no volumes');
  });
});
