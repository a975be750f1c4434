import { classifyChange, EmploymentChangeKind } from './employment-change.rules';
import { Employment } from './employment.model';
import { employmentWith } from './__fixtures__/employment.fixture';

const TODAY = '2025-03-10';
const employment = (overrides: Partial<Employment> = {}): Employment =>
  employmentWith({ employmentId: 'E1', managerEmploymentId: null, ...overrides });

describe('classifyChange', () => {
  it.each<[string, Employment | null, Partial<Employment>, EmploymentChangeKind | null]>([
    ['a new employment', null, {}, 'JOINER'],
    ['a new employment that already has an end date', null, { endDate: '2025-01-31' }, 'JOINER'],
    ['nothing changed', employment(), {}, null],
    ['the same end date again', employment({ endDate: '2025-06-30' }), { endDate: '2025-06-30' }, null],
    ['an end date set', employment(), { endDate: '2025-06-30' }, 'LEAVER'],
    ['an end date set in the past', employment(), { endDate: '2025-03-01' }, 'LEAVER'],
    ['an end date moved to yesterday', employment({ endDate: '2025-06-30' }), { endDate: '2025-03-09' }, 'LEAVER'],
    ['an end date moved to today', employment({ endDate: '2025-06-30' }), { endDate: TODAY }, 'UPDATED'],
    ['an end date extended', employment({ endDate: '2025-03-31' }), { endDate: '2025-06-30' }, 'UPDATED'],
    ['an end date removed', employment({ endDate: '2025-03-31' }), { endDate: null }, 'UPDATED'],
    ['an end date set and the unit changed', employment(), { endDate: '2025-06-30', unitCode: 'U200' }, 'LEAVER'],
    ['another customer', employment(), { customerCode: 'B110' }, 'MOVER'],
    ['another unit', employment(), { unitCode: 'U200' }, 'MOVER'],
    ['another job code', employment(), { jobCode: 'AID999' }, 'MOVER'],
    ['another cost centre', employment(), { costCentre: '4712' }, 'MOVER'],
    ['a unit renamed', employment(), { unitName: 'Hemtjänst C' }, 'UPDATED'],
    ['a new surname', employment(), { surname: 'Lind' }, 'UPDATED'],
    ['a new rate', employment(), { rate: 50 }, 'UPDATED'],
    ['a new form', employment(), { form: 'VI' }, 'UPDATED'],
    ['a manager named', employment(), { managerEmploymentId: '9001' }, 'UPDATED'],
    ['protected identity set', employment(), { protectedIdentity: true }, 'UPDATED'],
    ['another personnummer', employment(), { personnummer: '198507699802' }, 'UPDATED'],
  ])('%s -> %s', (_, previous, overrides, expected) => {
    expect(classifyChange(previous, employment(overrides), TODAY)).toBe(expected);
  });
});
