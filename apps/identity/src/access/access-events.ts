import {
  create,
  EntitlementAction,
  EntitlementChangedSchema,
  EntitlementKind,
  MembershipAction,
  MembershipChangedSchema,
  newEnvelope,
  SignInActivitySchema,
  Topics,
} from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';

const envelope = (eventType: string, correlationId: string) => newEnvelope({ source: 'identity', eventType, correlationId });

/** identity.membership.v1: a group membership identity added or removed, with its cause. */
export function publishMembership(publisher: EventPublisher, manager: EntityManager, correlationId: string, m: { accountId: string; groupDn: string; added: boolean; cause: string }): Promise<unknown> {
  return publisher.publish(
    manager,
    Topics.identityMembership,
    create(MembershipChangedSchema, {
      envelope: envelope(Topics.identityMembership.eventType, correlationId),
      accountId: m.accountId,
      groupDn: m.groupDn,
      action: m.added ? MembershipAction.ADDED : MembershipAction.REMOVED,
      cause: m.cause,
    }),
  );
}

/** identity.entitlement.v1: a role's licence or device granted or revoked. */
export function publishEntitlement(
  publisher: EventPublisher,
  manager: EntityManager,
  correlationId: string,
  e: { accountId: string; customerCode: string; kind: 'LICENCE' | 'DEVICE'; code: string; granted: boolean; cause: string; effectiveDate: string; samAccountName: string },
): Promise<unknown> {
  return publisher.publish(
    manager,
    Topics.identityEntitlement,
    create(EntitlementChangedSchema, {
      envelope: envelope(Topics.identityEntitlement.eventType, correlationId),
      accountId: e.accountId,
      customerCode: e.customerCode,
      kind: e.kind === 'LICENCE' ? EntitlementKind.LICENCE : EntitlementKind.DEVICE,
      code: e.code,
      action: e.granted ? EntitlementAction.GRANTED : EntitlementAction.REVOKED,
      cause: e.cause,
      effectiveDate: e.effectiveDate,
      samAccountName: e.samAccountName,
    }),
  );
}

/** identity.activity.v1: the account's last sign-in day changed. */
export function publishActivity(
  publisher: EventPublisher,
  manager: EntityManager,
  correlationId: string,
  a: { accountId: string; samAccountName: string; lastSignInDate: string; enabled: boolean; observedDate: string },
): Promise<unknown> {
  return publisher.publish(
    manager,
    Topics.identityActivity,
    create(SignInActivitySchema, { envelope: envelope(Topics.identityActivity.eventType, correlationId), ...a }),
  );
}
