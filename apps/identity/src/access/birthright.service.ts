import { Inject, Injectable, Logger } from '@nestjs/common';
import { stockholmDate } from '@itops/identity/domain';
import { AccessStateRepository, AuditLogRepository } from '@itops/identity/data-access';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { publishMembership } from './access-events';
import { AccessDirectoryGateway } from './access-directory.gateway';
import { ACCESS_OPTIONS, AccessOptions, BirthrightHook } from './access.options';
import { DesiredAccessService } from './desired-access.service';
import { syncEntitlements } from './entitlement-sync';

const norm = (dn: string) => dn.toLowerCase().replace(/,\s+/g, ',');

/**
 * Birthright access for one account, called by the account lifecycle in its transaction when it
 * enabled, moved or disabled the account: the role groups it should have are added in AD, role
 * groups with policy enforce it should no longer have are removed (approved requests count as
 * wanted), each change audited and announced on identity.membership.v1 with its cause; role
 * licences and devices are announced as the difference to what identity announced before.
 */
@Injectable()
export class BirthrightService implements BirthrightHook {
  private readonly logger = new Logger(BirthrightService.name);

  constructor(
    private readonly desired: DesiredAccessService,
    private readonly state: AccessStateRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly publisher: EventPublisher,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async apply(manager: EntityManager, account: { accountId: string; personId: string }, correlationId: string, now: Date = this.options.now()): Promise<void> {
    const today = stockholmDate(now);
    const desired = await this.desired.load(manager, today, [account.personId]);
    const row = desired.rows.find((r) => r.accountId === account.accountId);
    if (!row || !desired.ruleSet) return;
    const access = this.desired.desiredFor(desired, row, today);
    const groups = desired.ruleSet.rules.groups.filter((g) => g.policy === 'enforce' && this.reconcilable(g.dn));
    if (groups.length > 0) {
      const ad = await AccessDirectoryGateway.open(this.options.directory);
      try {
        const memberOf = await ad.memberOf(row.dn);
        if (memberOf === null) {
          this.logger.warn({ msg: 'account not found at its DN; birthright groups are left to reconciliation', accountId: row.accountId });
        } else {
          const current = new Set(memberOf.map(norm));
          for (const group of groups) {
            const causes = access.groups.get(group.key);
            const member = current.has(norm(group.dn));
            if (causes && !member && row.enabled) {
              await ad.addMember(group.dn, row.dn);
              await this.record(manager, row, group.dn, true, causes[0], correlationId);
            } else if (!causes && member) {
              await ad.removeMember(group.dn, row.dn);
              await this.record(manager, row, group.dn, false, `role-ended@v${desired.ruleSet.version}`, correlationId);
            }
          }
        }
      } finally {
        await ad.close();
      }
    }
    await syncEntitlements(manager, this.state, this.publisher, correlationId, today, [{ row, desired: access }]);
  }

  private reconcilable(dn: string): boolean {
    const d = norm(dn);
    return d.endsWith(`,${norm(this.options.managedOu)}`) && !d.endsWith(`,${norm(this.options.licenceOu)}`);
  }

  private async record(manager: EntityManager, row: { accountId: string; personId: string; samAccountName: string }, groupDn: string, added: boolean, cause: string, correlationId: string): Promise<void> {
    await this.auditLog.append(manager, {
      actor: 'birthright',
      action: added ? 'membership.added' : 'membership.removed',
      personId: row.personId,
      accountId: row.accountId,
      causeEventId: null,
      detail: { rule: added ? 'role.grant' : 'role.revoke', groupDn, cause, samAccountName: row.samAccountName },
    });
    await publishMembership(this.publisher, manager, correlationId, { accountId: row.accountId, groupDn, added, cause });
  }
}
