import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { InvoiceIssuedSchema } from './gen/itops/billing/v1/invoice_pb';
import { DeviceChangedSchema } from './gen/itops/device/v1/device_pb';
import { EmploymentChangedSchema } from './gen/itops/hr/v1/employment_pb';
import { AccountChangedSchema } from './gen/itops/identity/v1/account_pb';
import { SignInActivitySchema } from './gen/itops/identity/v1/activity_pb';
import { EntitlementChangedSchema } from './gen/itops/identity/v1/entitlement_pb';
import { MembershipChangedSchema } from './gen/itops/identity/v1/membership_pb';
import { LicenceAssignmentChangedSchema } from './gen/itops/licence/v1/assignment_pb';
import { UsageRecordedSchema } from './gen/itops/metering/v1/usage_pb';

export type ServiceName = 'hr-feed' | 'identity' | 'licence' | 'device' | 'metering' | 'billing';

/** String-valued fields of a message (by their TypeScript name), the candidates for a key. */
type StringField<Desc extends DescMessage> = {
  [K in keyof MessageShape<Desc>]: MessageShape<Desc>[K] extends string ? K : never;
}[keyof MessageShape<Desc>] &
  string;

/**
 * One Kafka topic: its name (`<domain>.<entity>.v<N>`), the one message type on it, the
 * field whose value is the message key (the aggregate id, so one aggregate's events stay in
 * one partition and in order), and who produces and consumes it (shared/DESIGN.md).
 */
export interface TopicDefinition<Desc extends DescMessage = DescMessage, Name extends string = string> {
  readonly name: Name;
  readonly schema: Desc;
  /** Envelope `event_type` of every message on the topic: the message's full protobuf name. */
  readonly eventType: string;
  /** TypeScript name of the key field, e.g. `personId` (proto `person_id`). */
  readonly keyField: StringField<Desc>;
  readonly producer: ServiceName;
  readonly consumers: readonly ServiceName[];
}

function defineTopic<Desc extends DescMessage, Name extends string>(
  topic: Omit<TopicDefinition<Desc, Name>, 'eventType'>,
): TopicDefinition<Desc, Name> {
  return { ...topic, eventType: topic.schema.typeName };
}

/** The topic catalogue (docs/topics.md describes the same topics for readers). */
export const Topics = {
  hrEmployment: defineTopic({
    name: 'hr.employment.v1',
    schema: EmploymentChangedSchema,
    keyField: 'personId',
    producer: 'hr-feed',
    consumers: ['identity', 'licence', 'device', 'metering'],
  }),
  identityAccount: defineTopic({
    name: 'identity.account.v1',
    schema: AccountChangedSchema,
    keyField: 'accountId',
    producer: 'identity',
    consumers: ['licence', 'device', 'metering'],
  }),
  identityMembership: defineTopic({
    name: 'identity.membership.v1',
    schema: MembershipChangedSchema,
    keyField: 'accountId',
    producer: 'identity',
    consumers: ['licence', 'metering'],
  }),
  identityEntitlement: defineTopic({
    name: 'identity.entitlement.v1',
    schema: EntitlementChangedSchema,
    keyField: 'accountId',
    producer: 'identity',
    consumers: ['licence', 'device'],
  }),
  identityActivity: defineTopic({
    name: 'identity.activity.v1',
    schema: SignInActivitySchema,
    keyField: 'accountId',
    producer: 'identity',
    consumers: ['licence', 'device'],
  }),
  licenceAssignment: defineTopic({
    name: 'licence.assignment.v1',
    schema: LicenceAssignmentChangedSchema,
    keyField: 'assignmentId',
    producer: 'licence',
    consumers: ['metering'],
  }),
  deviceDevice: defineTopic({
    name: 'device.device.v1',
    schema: DeviceChangedSchema,
    keyField: 'deviceId',
    producer: 'device',
    consumers: ['metering'],
  }),
  meteringUsage: defineTopic({
    name: 'metering.usage.v1',
    schema: UsageRecordedSchema,
    keyField: 'ledgerItemId',
    producer: 'metering',
    consumers: ['billing'],
  }),
  billingInvoice: defineTopic({
    name: 'billing.invoice.v1',
    schema: InvoiceIssuedSchema,
    keyField: 'customerCode',
    producer: 'billing',
    consumers: [],
  }),
} as const;

export type TopicKey = keyof typeof Topics;
export type TopicName = (typeof Topics)[TopicKey]['name'];

/** Every topic of the catalogue, e.g. to create them or to list a service's subscriptions. */
export const allTopics: readonly TopicDefinition[] = Object.values(Topics);

/** The topic with this name, or undefined when the catalogue has none. */
export function findTopic(name: string): TopicDefinition | undefined {
  return allTopics.find((topic) => topic.name === name);
}

/** The topic that carries messages of this schema, or undefined. */
export function topicForSchema(schema: DescMessage): TopicDefinition | undefined {
  return allTopics.find((topic) => topic.schema.typeName === schema.typeName);
}

/** The Kafka message key of a message on this topic: the value of its key field. */
export function messageKey<Desc extends DescMessage>(
  topic: TopicDefinition<Desc, string>,
  message: MessageShape<Desc>,
): string {
  return message[topic.keyField] as string;
}
