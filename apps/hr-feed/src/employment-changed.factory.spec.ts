import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { Employment, EmploymentForm as HrEmploymentForm, PlannedChangeKind } from '@itops/hr-feed/domain';
import { ChangeKind, EmploymentForm, encodeEvent, EmploymentChangedSchema, Topics, validateEvent } from '@itops/shared/contracts';
import { employmentChangedEvent } from './employment-changed.factory';

const SNAPSHOT_ID = '0198c1a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f';
const PERSON_ID = 'p-0123456789abcdef0123456789abcdef';
const employment = (overrides: Partial<Employment> = {}): Employment => ({
  employmentId: '1001',
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
  rate: 80,
  startDate: '2024-01-15',
  endDate: null,
  managerEmploymentId: '9001',
  protectedIdentity: false,
  ...overrides,
});
const event = (overrides: Partial<Employment> = {}, kind: PlannedChangeKind = 'JOINER') =>
  employmentChangedEvent({ kind, employment: employment(overrides) }, { personId: PERSON_ID, snapshotId: SNAPSHOT_ID, occurredAt: new Date('2025-03-10T08:00:00Z') });

describe('employmentChangedEvent', () => {
  it('carries the employment under the person id, valid for hr.employment.v1', () => {
    const e = event();
    expect(validateEvent(Topics.hrEmployment, e)).toEqual([]);
    expect(e).toMatchObject({
      employmentId: '1001',
      personId: PERSON_ID,
      kind: ChangeKind.JOINER,
      givenName: 'Anna',
      surname: 'Svensson',
      protectedIdentity: false,
      customerCode: 'N138',
      unitCode: 'U100',
      unitName: 'Hemtjänst Centrum',
      costCentre: '4711',
      jobCode: 'AID123',
      jobTitle: 'Undersköterska',
      form: EmploymentForm.PERMANENT,
      employmentRate: 80,
      startDate: '2024-01-15',
      endDate: '',
      managerEmploymentId: '9001',
      snapshotId: SNAPSHOT_ID,
    });
    expect(e.envelope).toMatchObject({ source: 'hr-feed', eventType: 'itops.hr.v1.EmploymentChanged', correlationId: SNAPSHOT_ID, causationId: SNAPSHOT_ID });
  });

  it.each<[HrEmploymentForm, EmploymentForm]>([
    ['TV', EmploymentForm.PERMANENT],
    ['VI', EmploymentForm.FIXED_TERM],
    ['VIK', EmploymentForm.SUBSTITUTE],
    ['TIM', EmploymentForm.HOURLY],
  ])('maps form %s to %s', (form, expected) => {
    expect(event({ form }).form).toBe(expected);
  });

  it.each<[PlannedChangeKind, ChangeKind]>([
    ['JOINER', ChangeKind.JOINER],
    ['MOVER', ChangeKind.MOVER],
    ['LEAVER', ChangeKind.LEAVER],
    ['UPDATED', ChangeKind.UPDATED],
  ])('maps kind %s to %s', (kind, expected) => {
    expect(event({ endDate: '2025-03-31' }, kind).kind).toBe(expected);
  });

  it('leaves names and unit name empty for a protected identity', () => {
    const e = event({ protectedIdentity: true });
    expect(validateEvent(Topics.hrEmployment, e)).toEqual([]);
    expect([e.givenName, e.surname, e.unitName, e.protectedIdentity]).toEqual(['', '', '', true]);
    expect(Buffer.from(encodeEvent(EmploymentChangedSchema, e)).toString('latin1')).not.toMatch(/Anna|Svensson|Hemtj/);
  });

  it('gives a leaver its last day and an open employment an empty end date', () => {
    expect(event({ endDate: '2025-03-31' }, 'LEAVER').endDate).toBe('2025-03-31');
    expect(event({ managerEmploymentId: null }).managerEmploymentId).toBe('');
  });

  it('carries a booking\'s id and exact window, valid for hr.employment.v1', () => {
    const e = employmentChangedEvent(
      { kind: 'JOINER', employment: employment({ employmentId: 'B-2025-0001', form: 'VIK', rate: 0, startDate: '2025-03-10', endDate: '2025-03-10' }) },
      {
        personId: PERSON_ID,
        snapshotId: SNAPSHOT_ID,
        occurredAt: new Date('2025-03-10T06:40:00Z'),
        booking: { accessFrom: new Date('2025-03-10T07:00:00.250Z'), accessUntil: new Date('2025-03-10T15:30:00Z') },
      },
    );
    expect(validateEvent(Topics.hrEmployment, e)).toEqual([]);
    expect(e.bookingId).toBe('B-2025-0001');
    const iso = (t: Timestamp | undefined) => (t ? timestampDate(t).toISOString() : null);
    expect([iso(e.accessFrom), iso(e.accessUntil)]).toEqual(['2025-03-10T07:00:00.250Z', '2025-03-10T15:30:00.000Z']);
    expect(e.form).toBe(EmploymentForm.SUBSTITUTE);
  });

  it('leaves the booking fields empty for an employment', () => {
    const e = event();
    expect([e.bookingId, e.accessFrom, e.accessUntil]).toEqual(['', undefined, undefined]);
  });

  it('never carries the personnummer', () => {
    const bytes = Buffer.from(encodeEvent(EmploymentChangedSchema, event()));
    expect(bytes.includes('198507099805')).toBe(false);
    expect(bytes.includes('850709')).toBe(false);
  });
});
