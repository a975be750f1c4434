import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { DescField, DescMessage, MessageShape } from '@bufbuild/protobuf';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { ContractException, ContractExceptionCode } from './contract.exception';
import { InvoiceIssuedSchema } from './gen/itops/billing/v1/invoice_pb';
import type { Envelope } from './gen/itops/common/v1/envelope_pb';
import { DeviceChangedSchema } from './gen/itops/device/v1/device_pb';
import { ChangeKind, EmploymentChangedSchema } from './gen/itops/hr/v1/employment_pb';
import { AccountChangedSchema, AccountEvent } from './gen/itops/identity/v1/account_pb';
import { SignInActivitySchema } from './gen/itops/identity/v1/activity_pb';
import { EntitlementChangedSchema } from './gen/itops/identity/v1/entitlement_pb';
import { MembershipChangedSchema } from './gen/itops/identity/v1/membership_pb';
import { LicenceAssignmentChangedSchema } from './gen/itops/licence/v1/assignment_pb';
import { UsageRecordedSchema } from './gen/itops/metering/v1/usage_pb';
import type { TopicDefinition } from './topic.catalogue';

/** One broken rule: the field (proto name, e.g. `envelope.event_id`) and what is wrong with it. */
export interface EventProblem {
  field: string;
  message: string;
}

/**
 * Fields that must be set (non-empty string, enum not UNSPECIFIED), per message type.
 * Anything not listed is optional; an empty optional date means "open" or "unknown".
 */
const requiredFields: Readonly<Record<string, readonly string[]>> = {
  [EmploymentChangedSchema.typeName]: [
    'employment_id',
    'person_id',
    'kind',
    'customer_code',
    'unit_code',
    'form',
    'start_date',
    'snapshot_id',
  ],
  [AccountChangedSchema.typeName]: [
    'account_id',
    'person_id',
    'kind',
    'sam_account_name',
    'user_principal_name',
    'customer_code',
    'effective_date',
  ],
  [MembershipChangedSchema.typeName]: ['account_id', 'group_dn', 'action', 'cause'],
  [EntitlementChangedSchema.typeName]: [
    'account_id',
    'customer_code',
    'kind',
    'code',
    'action',
    'cause',
    'effective_date',
    'sam_account_name',
  ],
  [SignInActivitySchema.typeName]: ['account_id', 'sam_account_name', 'observed_date'],
  [LicenceAssignmentChangedSchema.typeName]: [
    'assignment_id',
    'account_id',
    'customer_code',
    'product_code',
    'action',
    'effective_date',
  ],
  [DeviceChangedSchema.typeName]: [
    'device_id',
    'serial_number',
    'device_type',
    'customer_code',
    'status',
    'effective_date',
  ],
  [UsageRecordedSchema.typeName]: [
    'ledger_item_id',
    'customer_code',
    'offering_code',
    'subject_type',
    'subject_id',
    'quantity',
    'valid_from',
    'kind',
  ],
  [InvoiceIssuedSchema.typeName]: ['invoice_id', 'customer_code', 'period', 'total_sek'],
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
// Amounts in SEK are rounded to öre before they leave billing.
const SEK = /^-?\d+(\.\d{1,2})?$/;
// YYMMDD-NNNN, YYYYMMDDNNNN and the like: a person id must be a pseudonym, never this.
const PERSONNUMMER_LIKE = /^(\d{2})?\d{6}[-+]?\d{4}$/;
// sAMAccountName is limited to 20 characters by Active Directory.
const SAM_ACCOUNT_NAME_MAX = 20;

// The account state each kind of account event leaves behind. CREATED is disabled because
// accounts are prepared before the start date and enabled on it. UPDATED may be either.
const enabledAfter: ReadonlyMap<AccountEvent, boolean> = new Map([
  [AccountEvent.CREATED, false],
  [AccountEvent.ENABLED, true],
  [AccountEvent.DISABLED, false],
  [AccountEvent.DELETED, false],
]);

type FormatRule = (value: string) => string | undefined;

const calendarDate: FormatRule = (value) => {
  const match = DATE.exec(value);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return undefined;
    }
  }
  return `is "${value}", not a calendar date; expected YYYY-MM-DD (Europe/Stockholm date)`;
};

/** Format rules for string fields, by proto field name; applied only when the field is set. */
const formatRules: Readonly<Record<string, FormatRule>> = {
  start_date: calendarDate,
  end_date: calendarDate,
  effective_date: calendarDate,
  valid_from: calendarDate,
  valid_to: calendarDate,
  last_sign_in_date: calendarDate,
  observed_date: calendarDate,
  unit_cost_sek: (value) =>
    DECIMAL.test(value) && !value.startsWith('-')
      ? undefined
      : `is "${value}"; expected a monthly cost in SEK as a decimal string ≥ 0, e.g. "389.00"`,
  period: (value) => (PERIOD.test(value) ? undefined : `is "${value}"; expected a month YYYY-MM, e.g. 2025-03`),
  quantity: (value) =>
    DECIMAL.test(value) ? undefined : `is "${value}"; expected a decimal string such as "3", "0.5" or "-1"`,
  total_sek: (value) =>
    SEK.test(value)
      ? undefined
      : `is "${value}"; expected SEK as a decimal string with at most two decimals, e.g. "1250.50"`,
  person_id: (value) =>
    PERSONNUMMER_LIKE.test(value)
      ? 'looks like a personal identity number; expected the pseudonymous person id (personnummer never goes on Kafka)'
      : undefined,
  sam_account_name: (value) =>
    value.length <= SAM_ACCOUNT_NAME_MAX
      ? undefined
      : `has ${value.length} characters; at most ${SAM_ACCOUNT_NAME_MAX} are allowed`,
};

/** A message read by its proto field names. */
class FieldReader {
  private readonly byName: ReadonlyMap<string, DescField>;

  constructor(
    schema: DescMessage,
    private readonly message: object,
  ) {
    this.byName = new Map(schema.fields.map((field) => [field.name, field]));
  }

  field(name: string): DescField | undefined {
    return this.byName.get(name);
  }

  value(name: string): unknown {
    const field = this.byName.get(name);
    return field ? (this.message as Record<string, unknown>)[field.localName] : undefined;
  }

  string(name: string): string {
    const value = this.value(name);
    return typeof value === 'string' ? value : '';
  }
}

function validateEnvelope(envelope: Envelope | undefined, schema: DescMessage, problems: EventProblem[]): void {
  if (!envelope) {
    problems.push({ field: 'envelope', message: 'is missing; every event carries an envelope (field 1)' });
    return;
  }
  if (!envelope.eventId) {
    problems.push({ field: 'envelope.event_id', message: 'is empty; expected a UUIDv7' });
  } else if (!isUuid(envelope.eventId) || uuidVersion(envelope.eventId) !== 7) {
    problems.push({ field: 'envelope.event_id', message: `is "${envelope.eventId}", not a UUIDv7` });
  }
  if (!envelope.occurredAt) {
    problems.push({ field: 'envelope.occurred_at', message: 'is missing; expected when the change happened' });
  }
  if (!envelope.source) {
    problems.push({ field: 'envelope.source', message: 'is empty; expected the producing service name' });
  }
  if (!envelope.correlationId) {
    problems.push({
      field: 'envelope.correlation_id',
      message: 'is empty; expected the id of the chain (the event id when the event starts it)',
    });
  }
  if (envelope.schemaVersion < 1) {
    problems.push({ field: 'envelope.schema_version', message: 'is 0; expected 1 or more' });
  }
  if (envelope.eventType !== schema.typeName) {
    problems.push({
      field: 'envelope.event_type',
      message: `is "${envelope.eventType}"; expected "${schema.typeName}" for this message`,
    });
  }
}

function validateRequired(reader: FieldReader, typeName: string, problems: EventProblem[]): void {
  for (const name of requiredFields[typeName] ?? []) {
    const field = reader.field(name);
    const value = reader.value(name);
    if (field?.fieldKind === 'enum' && value === 0) {
      const allowed = field.enum.values.filter((v) => v.number !== 0).map((v) => v.name);
      problems.push({ field: name, message: `is UNSPECIFIED; expected one of ${allowed.join(', ')}` });
    } else if (value === '' || value === undefined) {
      problems.push({ field: name, message: 'is empty; it is required' });
    }
  }
}

function validateFormats(reader: FieldReader, problems: EventProblem[]): void {
  for (const [name, rule] of Object.entries(formatRules)) {
    const value = reader.string(name);
    const message = value ? rule(value) : undefined;
    if (message) problems.push({ field: name, message });
  }
}

/** Rules that relate two or more fields of one message. */
function validateCrossField(reader: FieldReader, typeName: string, problems: EventProblem[]): void {
  const ordered = (from: string, to: string): void => {
    const start = reader.string(from);
    const end = reader.string(to);
    // ISO dates compare as strings; only compare two well-formed dates.
    if (start && end && !calendarDate(start) && !calendarDate(end) && end < start) {
      problems.push({ field: to, message: `is ${end}, before ${from} ${start}; expected the same day or later` });
    }
  };
  ordered('start_date', 'end_date');
  ordered('valid_from', 'valid_to');

  const rate = reader.value('employment_rate');
  if (typeof rate === 'number' && rate > 100) {
    problems.push({ field: 'employment_rate', message: `is ${rate}; expected a percentage from 0 to 100` });
  }

  if (typeName === EmploymentChangedSchema.typeName) {
    if (reader.value('protected_identity') === true) {
      // Skyddad identitet: nothing that could locate the person leaves hr-feed.
      for (const name of ['given_name', 'surname', 'unit_name']) {
        if (reader.string(name)) {
          problems.push({ field: name, message: 'is set for a protected identity; it must be empty' });
        }
      }
    } else {
      for (const name of ['given_name', 'surname']) {
        if (!reader.string(name)) {
          problems.push({ field: name, message: 'is empty; it is required unless protected_identity is true' });
        }
      }
    }
    // A booking's access window is exact to the minute: both ends, the end after the start.
    if (reader.string('booking_id')) {
      const from = reader.value('access_from') as Timestamp | undefined;
      const until = reader.value('access_until') as Timestamp | undefined;
      if (!from) problems.push({ field: 'access_from', message: 'is empty for a booking; expected the booked start' });
      if (!until) problems.push({ field: 'access_until', message: 'is empty for a booking; expected the booked end' });
      if (from && until && timestampDate(until) <= timestampDate(from)) {
        problems.push({ field: 'access_until', message: 'is not after access_from; expected the booked end after its start' });
      }
    }
    // Identity disables the account at the end of the last day, so a leaver needs that day.
    if (reader.value('kind') === ChangeKind.LEAVER && !reader.string('end_date')) {
      problems.push({ field: 'end_date', message: 'is empty for a LEAVER; expected the last day, YYYY-MM-DD' });
    }
  }

  if (typeName === UsageRecordedSchema.typeName) {
    const kind = reader.string('kind');
    if (kind && !['open', 'close', 'adjust'].includes(kind)) {
      problems.push({ field: 'kind', message: `is "${kind}"; expected open, close or adjust` });
    }
    if (kind === 'close' && !reader.string('refers_to')) {
      problems.push({ field: 'refers_to', message: 'is empty for a close item; expected the ledger_item_id it ends' });
    }
  }

  if (typeName === AccountChangedSchema.typeName) {
    const kind = reader.value('kind') as AccountEvent;
    const enabled = reader.value('enabled') === true;
    const expected = enabledAfter.get(kind);
    if (expected !== undefined && enabled !== expected) {
      problems.push({ field: 'enabled', message: `is ${enabled} for ${AccountEvent[kind]}; expected ${expected}` });
    }
  }
}

function isTopic<Desc extends DescMessage>(
  value: Desc | TopicDefinition<Desc, string>,
): value is TopicDefinition<Desc, string> {
  return 'schema' in value;
}

/**
 * Checks a message against the contract rules that protobuf itself cannot express: envelope
 * complete, required ids set, dates YYYY-MM-DD, employment_rate 0-100, decimal strings,
 * period YYYY-MM, no personal data where it must not be. Returns every problem found (empty
 * when valid). The producer calls it before sending, the consumer before acting; a consumer
 * sends an invalid message to the DLQ with these problems as the reason.
 */
export function validateEvent<Desc extends DescMessage>(
  topicOrSchema: Desc | TopicDefinition<Desc, string>,
  message: MessageShape<Desc>,
): EventProblem[] {
  const schema = isTopic(topicOrSchema) ? topicOrSchema.schema : topicOrSchema;
  const problems: EventProblem[] = [];
  if (message.$typeName !== schema.typeName) {
    problems.push({
      field: '$typeName',
      message: `is "${message.$typeName}"; expected a ${schema.typeName}`,
    });
    return problems;
  }
  const reader = new FieldReader(schema, message);
  validateEnvelope(reader.value('envelope') as Envelope | undefined, schema, problems);
  validateRequired(reader, schema.typeName, problems);
  validateFormats(reader, problems);
  validateCrossField(reader, schema.typeName, problems);
  return problems;
}

/** One line per problem, for a log line or a DLQ reason. */
export function formatProblems(problems: readonly EventProblem[]): string {
  return problems.map((problem) => `${problem.field} ${problem.message}`).join('; ');
}

/** validateEvent that throws a ContractException (INVALID_EVENT) listing every problem. */
export function assertValidEvent<Desc extends DescMessage>(
  topicOrSchema: Desc | TopicDefinition<Desc, string>,
  message: MessageShape<Desc>,
): void {
  const problems = validateEvent(topicOrSchema, message);
  if (problems.length > 0) {
    throw new ContractException(
      ContractExceptionCode.INVALID_EVENT,
      `invalid ${message.$typeName}: ${formatProblems(problems)}`,
      problems,
    );
  }
}
