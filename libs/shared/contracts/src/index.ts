// Event contracts shared by all services: the messages generated from proto/ (never edit
// src/gen by hand; run tools/proto/generate.sh), the topic catalogue, and the helpers every
// producer and consumer uses to build, encode, decode and validate events.
export * from './gen/itops/common/v1/envelope_pb';
export * from './gen/itops/hr/v1/employment_pb';
export * from './gen/itops/identity/v1/account_pb';
export * from './gen/itops/identity/v1/membership_pb';
export * from './gen/itops/identity/v1/entitlement_pb';
export * from './gen/itops/identity/v1/activity_pb';
export * from './gen/itops/licence/v1/assignment_pb';
export * from './gen/itops/device/v1/device_pb';
export * from './gen/itops/metering/v1/usage_pb';
export * from './gen/itops/billing/v1/invoice_pb';

export { Topics, allTopics, findTopic, topicForSchema, messageKey } from './topic.catalogue';
export type { TopicDefinition, TopicKey, TopicName, ServiceName } from './topic.catalogue';
export { encodeEvent, decodeEvent } from './event-codec';
export { newEnvelope } from './envelope.factory';
export type { NewEnvelopeOptions } from './envelope.factory';
export { validateEvent, assertValidEvent, formatProblems } from './event.validator';
export type { EventProblem } from './event.validator';
export { ContractException, ContractExceptionCode } from './contract.exception';

// Re-exported so callers build messages without importing the protobuf runtime themselves.
export { create } from '@bufbuild/protobuf';
export type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
