import { Injectable } from '@nestjs/common';
import { EntitlementAction, EntitlementChanged, EntitlementKind } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { AssignmentRepository, AssignmentSource, LicenceHolderRepository } from '@itops/licence/data-access';
import { LicenceGroupsGateway } from '../directory/licence-groups.gateway';
import { LicenceAssignments } from './licence-assignments.service';

/** Where a licence comes from, by the entitlement's cause: "role:<key>@v<n>", "request:<id>", "review:<id>". */
export function sourceOfCause(cause: string): AssignmentSource {
  if (cause.startsWith('role:')) return 'role';
  if (cause.startsWith('request:') || cause.startsWith('review:')) return 'request';
  return 'manual';
}

/**
 * identity decides who should have which licence; licence realises it. A grant records the
 * cause and, unless the account already holds the product, gives it through the product's
 * licence group. A revocation removes that cause; the licence goes only when no cause is left
 * (a role and a request may both entitle the same product).
 */
@Injectable()
export class RealiseEntitlement {
  constructor(
    private readonly assignments: AssignmentRepository,
    private readonly holders: LicenceHolderRepository,
    private readonly licences: LicenceAssignments,
    private readonly groups: LicenceGroupsGateway,
  ) {}

  async execute(event: EntitlementChanged, ctx: EventContext): Promise<'assigned' | 'held' | 'covered' | 'released' | 'kept' | 'ignored'> {
    if (event.kind !== EntitlementKind.LICENCE) return 'ignored';
    const { manager } = ctx;
    const change = { manager, actor: 'licence', correlationId: ctx.correlationId, causationId: ctx.eventId };
    const source = sourceOfCause(event.cause);
    if (event.action === EntitlementAction.GRANTED) {
      await this.assignments.addEntitlement(manager, {
        accountId: event.accountId,
        productCode: event.code,
        cause: event.cause,
        source,
        customerCode: event.customerCode,
        samAccountName: event.samAccountName,
        grantedOn: event.effectiveDate,
      });
      const { created, coveredBy } = await this.licences.assign(change, {
        accountId: event.accountId,
        customerCode: event.customerCode,
        productCode: event.code,
        samAccountName: event.samAccountName,
        source,
        cause: event.cause,
        onDate: event.effectiveDate,
      });
      return created ? 'assigned' : coveredBy ? 'covered' : 'held';
    }
    if (event.action !== EntitlementAction.REVOKED) return 'ignored';
    await this.assignments.removeEntitlement(manager, event.accountId, event.code, event.cause);
    if ((await this.assignments.entitlementsOf(manager, event.accountId, event.code)).length > 0) return 'kept';
    const open = await this.assignments.findOpen(manager, event.accountId, event.code);
    // A licence from a substitute pool or a harvest downgrade is not the entitlement's to take.
    if (!open || open.source === 'substitute-pool' || open.source === 'harvest') return 'kept';
    // A leaver's roles end with the employment; the licence stays for the grace period and goes
    // with the release run (mail and files can still be handed over).
    if ((await this.holders.find(manager, event.accountId))?.leftOn) return 'kept';
    // identity disables a leaver's account and revokes its role entitlements in one transaction,
    // but the two events travel on different topics, so the revocation may arrive before the
    // account event. AD already shows the account disabled: it is the leaver it is, and the grace
    // period holds from the revocation's day.
    if (await this.groups.isDisabled(event.samAccountName)) {
      await this.holders.markLeft(manager, event.accountId, event.effectiveDate);
      return 'kept';
    }
    await this.licences.release(change, open, event.samAccountName, event.effectiveDate, `entitlement revoked: ${event.cause}`);
    await this.licences.realiseCovered(change, open, event.samAccountName, event.effectiveDate);
    return 'released';
  }
}
