import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { create } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ContractException, ContractExceptionCode } from './contract.exception';
import { assertValidEvent, formatProblems, validateEvent } from './event.validator';
import {
  validAccountChanged,
  validDeviceChanged,
  validEmploymentChanged,
  validEventsByTopic,
  validInvoiceIssued,
  validLicenceAssignmentChanged,
  validMembershipChanged,
  validUsageRecorded,
} from './__fixtures__/valid-events';
import { EnvelopeSchema } from './gen/itops/common/v1/envelope_pb';
import type { Envelope } from './gen/itops/common/v1/envelope_pb';
import { ChangeKind, EmploymentForm } from './gen/itops/hr/v1/employment_pb';
import { AccountEvent } from './gen/itops/identity/v1/account_pb';
import { MembershipAction } from './gen/itops/identity/v1/membership_pb';
import { LicenceAction } from './gen/itops/licence/v1/assignment_pb';
import { allTopics, Topics } from './topic.catalogue';

type AnyMessage = MessageShape<DescMessage>;

/** A fixture with one change applied. */
function variant<T extends AnyMessage>(fixture: () => T, change: (message: T) => void): () => AnyMessage {
  return () => {
    const message = fixture();
    change(message);
    return message;
  };
}

/** The envelope of a fixture, which always has one. */
function envelopeOf(message: { envelope?: Envelope }): Envelope {
  if (!message.envelope) throw new Error('fixture without envelope');
  return message.envelope;
}

function check(message: AnyMessage) {
  const topic = allTopics.find((t) => t.schema.typeName === message.$typeName);
  if (!topic) throw new Error(`no topic for ${message.$typeName}`);
  return validateEvent(topic.schema, message);
}

describe('validateEvent', () => {
  it.each(Object.entries(validEventsByTopic))('accepts the valid %s fixture', (_name, fixture) => {
    expect(check(fixture())).toEqual([]);
  });

  // Each row breaks exactly one rule; the validator must report that field and nothing else.
  const broken: [string, () => AnyMessage, string, string][] = [
    // envelope
    ['no envelope', variant(validEmploymentChanged, (m) => (m.envelope = undefined)), 'envelope', 'missing'],
    ['empty event id', variant(validAccountChanged, (m) => (envelopeOf(m).eventId = '')), 'envelope.event_id', 'UUIDv7'],
    [
      'UUIDv4 event id',
      variant(validAccountChanged, (m) => (envelopeOf(m).eventId = '9b2f1c9e-8d4a-4c1b-9f0e-2d6a5b7c8e91')),
      'envelope.event_id',
      'not a UUIDv7',
    ],
    ['no occurred_at', variant(validDeviceChanged, (m) => (envelopeOf(m).occurredAt = undefined)), 'envelope.occurred_at', 'missing'],
    ['empty source', variant(validUsageRecorded, (m) => (envelopeOf(m).source = '')), 'envelope.source', 'service name'],
    ['empty correlation id', variant(validInvoiceIssued, (m) => (envelopeOf(m).correlationId = '')), 'envelope.correlation_id', 'empty'],
    ['schema version 0', variant(validMembershipChanged, (m) => (envelopeOf(m).schemaVersion = 0)), 'envelope.schema_version', '1 or more'],
    [
      'event type of another message',
      variant(validEmploymentChanged, (m) => (envelopeOf(m).eventType = 'itops.identity.v1.AccountChanged')),
      'envelope.event_type',
      'itops.hr.v1.EmploymentChanged',
    ],
    // required ids and codes
    ['no employment id', variant(validEmploymentChanged, (m) => (m.employmentId = '')), 'employment_id', 'required'],
    ['no person id', variant(validEmploymentChanged, (m) => (m.personId = '')), 'person_id', 'required'],
    ['no change kind', variant(validEmploymentChanged, (m) => (m.kind = ChangeKind.UNSPECIFIED)), 'kind', 'CHANGE_KIND_JOINER'],
    ['no employment form', variant(validEmploymentChanged, (m) => (m.form = EmploymentForm.UNSPECIFIED)), 'form', 'EMPLOYMENT_FORM_HOURLY'],
    ['no employment customer', variant(validEmploymentChanged, (m) => (m.customerCode = '')), 'customer_code', 'required'],
    ['no unit code', variant(validEmploymentChanged, (m) => (m.unitCode = '')), 'unit_code', 'required'],
    ['no start date', variant(validEmploymentChanged, (m) => (m.startDate = '')), 'start_date', 'required'],
    ['no snapshot id', variant(validEmploymentChanged, (m) => (m.snapshotId = '')), 'snapshot_id', 'required'],
    ['no account id', variant(validAccountChanged, (m) => (m.accountId = '')), 'account_id', 'required'],
    ['no account person', variant(validAccountChanged, (m) => (m.personId = '')), 'person_id', 'required'],
    ['no sAMAccountName', variant(validAccountChanged, (m) => (m.samAccountName = '')), 'sam_account_name', 'required'],
    ['no account kind', variant(validAccountChanged, (m) => (m.kind = AccountEvent.UNSPECIFIED)), 'kind', 'ACCOUNT_EVENT_ENABLED'],
    ['no account effective date', variant(validAccountChanged, (m) => (m.effectiveDate = '')), 'effective_date', 'required'],
    ['no group', variant(validMembershipChanged, (m) => (m.groupDn = '')), 'group_dn', 'required'],
    ['no membership account', variant(validMembershipChanged, (m) => (m.accountId = '')), 'account_id', 'required'],
    ['no membership action', variant(validMembershipChanged, (m) => (m.action = MembershipAction.UNSPECIFIED)), 'action', 'MEMBERSHIP_ACTION_ADDED'],
    ['no membership cause', variant(validMembershipChanged, (m) => (m.cause = '')), 'cause', 'required'],
    ['no assignment id', variant(validLicenceAssignmentChanged, (m) => (m.assignmentId = '')), 'assignment_id', 'required'],
    ['no licence product', variant(validLicenceAssignmentChanged, (m) => (m.productCode = '')), 'product_code', 'required'],
    ['no licence action', variant(validLicenceAssignmentChanged, (m) => (m.action = LicenceAction.UNSPECIFIED)), 'action', 'LICENCE_ACTION_RELEASED'],
    ['no device id', variant(validDeviceChanged, (m) => (m.deviceId = '')), 'device_id', 'required'],
    ['no serial number', variant(validDeviceChanged, (m) => (m.serialNumber = '')), 'serial_number', 'required'],
    ['no ledger item id', variant(validUsageRecorded, (m) => (m.ledgerItemId = '')), 'ledger_item_id', 'required'],
    ['no usage subject', variant(validUsageRecorded, (m) => (m.subjectId = '')), 'subject_id', 'required'],
    ['no quantity', variant(validUsageRecorded, (m) => (m.quantity = '')), 'quantity', 'required'],
    ['a booking without its start', variant(validEmploymentChanged, (m) => {
      m.bookingId = 'B-1';
      m.accessUntil = timestampFromDate(new Date('2026-11-22T18:00:00Z'));
    }), 'access_from', 'booked start'],
    ['a booking that ends before it starts', variant(validEmploymentChanged, (m) => {
      m.bookingId = 'B-1';
      m.accessFrom = timestampFromDate(new Date('2026-11-22T10:00:00Z'));
      m.accessUntil = timestampFromDate(new Date('2026-11-22T09:00:00Z'));
    }), 'access_until', 'after its start'],
    ['no ledger item kind', variant(validUsageRecorded, (m) => (m.kind = '')), 'kind', 'required'],
    ['an unknown ledger item kind', variant(validUsageRecorded, (m) => (m.kind = 'edit')), 'kind', 'expected open, close or adjust'],
    ['a close item that names no item', variant(validUsageRecorded, (m) => (m.kind = 'close')), 'refers_to', 'the ledger_item_id it ends'],
    ['no invoice id', variant(validInvoiceIssued, (m) => (m.invoiceId = '')), 'invoice_id', 'required'],
    ['no invoice customer', variant(validInvoiceIssued, (m) => (m.customerCode = '')), 'customer_code', 'required'],
    // dates
    ['start date without zero padding', variant(validEmploymentChanged, (m) => (m.startDate = '2025-8-1')), 'start_date', 'YYYY-MM-DD'],
    ['start date 30 February', variant(validEmploymentChanged, (m) => (m.startDate = '2025-02-30')), 'start_date', 'not a calendar date'],
    ['end date month 13', variant(validEmploymentChanged, (m) => (m.endDate = '2025-13-01')), 'end_date', 'YYYY-MM-DD'],
    ['effective date in words', variant(validAccountChanged, (m) => (m.effectiveDate = 'tomorrow')), 'effective_date', 'YYYY-MM-DD'],
    ['licence effective date with time', variant(validLicenceAssignmentChanged, (m) => (m.effectiveDate = '2025-08-01T00:00')), 'effective_date', 'YYYY-MM-DD'],
    ['device effective date Swedish style', variant(validDeviceChanged, (m) => (m.effectiveDate = '1/8 2025')), 'effective_date', 'YYYY-MM-DD'],
    ['valid from without dashes', variant(validUsageRecorded, (m) => (m.validFrom = '20250801')), 'valid_from', 'YYYY-MM-DD'],
    ['valid to 29 February 2025', variant(validUsageRecorded, (m) => (m.validTo = '2025-02-29')), 'valid_to', 'not a calendar date'],
    ['end date before start date', variant(validEmploymentChanged, (m) => (m.endDate = '2025-07-31')), 'end_date', 'before start_date'],
    ['valid to before valid from', variant(validUsageRecorded, (m) => (m.validTo = '2025-07-01')), 'valid_to', 'before valid_from'],
    // numbers and money
    ['employment rate 101', variant(validEmploymentChanged, (m) => (m.employmentRate = 101)), 'employment_rate', '0 to 100'],
    ['quantity with decimal comma', variant(validUsageRecorded, (m) => (m.quantity = '1,5')), 'quantity', 'decimal string'],
    ['quantity in exponent form', variant(validUsageRecorded, (m) => (m.quantity = '1e3')), 'quantity', 'decimal string'],
    ['quantity not a number', variant(validUsageRecorded, (m) => (m.quantity = 'two')), 'quantity', 'decimal string'],
    ['total with fractions of öre', variant(validInvoiceIssued, (m) => (m.totalSek = '10.505')), 'total_sek', 'two decimals'],
    ['total with thousands separator', variant(validInvoiceIssued, (m) => (m.totalSek = '1 000.00')), 'total_sek', 'two decimals'],
    ['period month 13', variant(validInvoiceIssued, (m) => (m.period = '2025-13')), 'period', 'YYYY-MM'],
    ['period without zero padding', variant(validInvoiceIssued, (m) => (m.period = '2025-8')), 'period', 'YYYY-MM'],
    ['period as a date', variant(validInvoiceIssued, (m) => (m.period = '2025-08-01')), 'period', 'YYYY-MM'],
    // personal data
    ['personnummer as person id', variant(validEmploymentChanged, (m) => (m.personId = '19850101-1234')), 'person_id', 'personal identity number'],
    ['short personnummer as person id', variant(validAccountChanged, (m) => (m.personId = '8501011234')), 'person_id', 'personal identity number'],
    [
      'protected identity with a given name',
      variant(validEmploymentChanged, (m) => {
        m.protectedIdentity = true;
        m.surname = '';
        m.unitName = '';
      }),
      'given_name',
      'protected identity',
    ],
    [
      'protected identity with a unit name',
      variant(validEmploymentChanged, (m) => {
        m.protectedIdentity = true;
        m.givenName = '';
        m.surname = '';
      }),
      'unit_name',
      'protected identity',
    ],
    ['no surname for an unprotected person', variant(validEmploymentChanged, (m) => (m.surname = '')), 'surname', 'unless protected_identity'],
    // lifecycle consistency
    ['leaver without end date', variant(validEmploymentChanged, (m) => (m.kind = ChangeKind.LEAVER)), 'end_date', 'LEAVER'],
    ['ENABLED but disabled', variant(validAccountChanged, (m) => (m.enabled = false)), 'enabled', 'expected true'],
    [
      'DISABLED but enabled',
      variant(validAccountChanged, (m) => (m.kind = AccountEvent.DISABLED)),
      'enabled',
      'expected false',
    ],
    ['sAMAccountName over 20 characters', variant(validAccountChanged, (m) => (m.samAccountName = 'a'.repeat(21))), 'sam_account_name', 'at most 20'],
  ];

  it.each(broken)('reports %s', (_name, build, field, says) => {
    const problems = check(build());
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toContain(says);
  });

  const edgeCasesThatPass: [string, () => AnyMessage][] = [
    [
      'protected identity with names and unit name empty',
      variant(validEmploymentChanged, (m) => {
        m.protectedIdentity = true;
        m.givenName = '';
        m.surname = '';
        m.unitName = '';
      }),
    ],
    ['hourly employment at rate 0', variant(validEmploymentChanged, (m) => ((m.form = EmploymentForm.HOURLY), (m.employmentRate = 0)))],
    ['one-day substitute (end date = start date)', variant(validEmploymentChanged, (m) => (m.endDate = m.startDate))],
    ['leaver with its last day', variant(validEmploymentChanged, (m) => ((m.kind = ChangeKind.LEAVER), (m.endDate = '2025-12-31')))],
    ['start on a leap day', variant(validEmploymentChanged, (m) => (m.startDate = '2024-02-29'))],
    ['account UPDATED while disabled', variant(validAccountChanged, (m) => ((m.kind = AccountEvent.UPDATED), (m.enabled = false)))],
    ['account CREATED disabled', variant(validAccountChanged, (m) => ((m.kind = AccountEvent.CREATED), (m.enabled = false)))],
    ['device in stock without account', variant(validDeviceChanged, (m) => (m.accountId = ''))],
    ['negative correction quantity', variant(validUsageRecorded, (m) => (m.quantity = '-1'))],
    ['fractional quantity', variant(validUsageRecorded, (m) => (m.quantity = '0.25'))],
    ['credit invoice', variant(validInvoiceIssued, (m) => (m.totalSek = '-100'))],
    ['event caused by another', variant(validAccountChanged, (m) => (envelopeOf(m).causationId = envelopeOf(m).eventId))],
  ];

  it.each(edgeCasesThatPass)('accepts %s', (_name, build) => {
    expect(check(build())).toEqual([]);
  });

  it('takes a topic as well as a schema', () => {
    const message = validEmploymentChanged();
    message.employmentRate = 150;
    expect(validateEvent(Topics.hrEmployment, message).map((p) => p.field)).toEqual(['employment_rate']);
  });

  it('rejects a message of another type than the topic carries', () => {
    const account = validAccountChanged() as unknown as ReturnType<typeof validEmploymentChanged>;
    const problems = validateEvent(Topics.hrEmployment, account);
    expect(problems).toEqual([
      { field: '$typeName', message: expect.stringContaining('itops.hr.v1.EmploymentChanged') },
    ]);
  });

  it('reports every problem at once', () => {
    const message = validInvoiceIssued();
    message.envelope = create(EnvelopeSchema, {});
    message.period = 'August';
    const fields = validateEvent(Topics.billingInvoice, message).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'envelope.event_id',
        'envelope.occurred_at',
        'envelope.source',
        'envelope.correlation_id',
        'envelope.schema_version',
        'envelope.event_type',
        'period',
      ]),
    );
    expect(fields).toHaveLength(7);
  });
});

describe('assertValidEvent', () => {
  it('passes a valid message', () => {
    expect(() => assertValidEvent(Topics.meteringUsage, validUsageRecorded())).not.toThrow();
  });

  it('throws INVALID_EVENT naming every problem', () => {
    const message = validUsageRecorded();
    message.quantity = '1,5';
    message.validFrom = '';
    let thrown: unknown;
    try {
      assertValidEvent(Topics.meteringUsage, message);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContractException);
    const exception = thrown as ContractException;
    expect(exception.code).toBe(ContractExceptionCode.INVALID_EVENT);
    expect(exception.problems.map((p) => p.field)).toEqual(['valid_from', 'quantity']);
    expect(exception.message).toBe(`invalid itops.metering.v1.UsageRecorded: ${formatProblems(exception.problems)}`);
    expect(exception.message).toContain('quantity is "1,5"');
  });
});
