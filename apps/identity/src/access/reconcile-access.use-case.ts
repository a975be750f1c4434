import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { compareWithDirectory, DirectoryGroup, ExpectedAccount, Finding, removalShare, stockholmDate } from '@itops/identity/domain';
import { AccessStateRepository, AuditAction, AuditLogRepository, RECONCILE_LOCK_KEY, ReconcileRunRecord } from '@itops/identity/data-access';
import { sameDn } from '@itops/shared/ldap';
import { EventPublisher } from '@itops/shared/messaging';
import { DataSource, EntityManager, RunLockRepository } from '@itops/shared/persistence';
import { OWNED_ATTRIBUTES } from '../accounts/directory-accounts.gateway';
import { publishActivity, publishMembership } from './access-events';
import { AccessDirectoryGateway, ReadUser } from './access-directory.gateway';
import { AccessException, AccessExceptionCode } from './access.exception';
import { ACCESS_OPTIONS, AccessOptions } from './access.options';
import { DesiredAccessService, DesiredState } from './desired-access.service';
import { syncEntitlements } from './entitlement-sync';

/** A finding as the CLI prints it. */
export interface PublicFinding {
  kind: Finding['kind'];
  account: string;
  group: string | null;
  detail: string;
}

export interface ReconcileResult {
  runId: string;
  identities: number;
  findings: PublicFinding[];
  applied: number;
  held: boolean;
  status: ReconcileRunRecord['status'];
  ruleSetVersion: number | null;
  /** Share of the accounts read that applying would take access from or disable. */
  removalShare: number;
  /** Role entitlements announced (GRANTED/REVOKED) by an applied run. */
  entitlementsAnnounced: number;
  /** Accounts whose sign-in day changed and was announced. */
  activityAnnounced: number;
  timings: { readMs: number; compareMs: number; applyMs: number };
}

/** DB writes per transaction when a run records many fixes or findings. */
const CHUNK = 500;

/**
 * One reconciliation: reads AD (users of the managed OU, members of the rule catalogue's groups),
 * compares them with what HR, the active roles and approved requests want, and with --apply fixes
 * the enforced findings. A run that would take access from or disable more than the configured
 * share of accounts is held instead (stored, nothing changed) until approved. Licence groups,
 * groups with policy ignore and anything outside the managed OU are never read for changes nor
 * touched. One run at a time across replicas (advisory lock).
 */
@Injectable()
export class ReconcileAccess {
  private readonly logger = new Logger(ReconcileAccess.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly desired: DesiredAccessService,
    private readonly state: AccessStateRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly runLock: RunLockRepository,
    private readonly publisher: EventPublisher,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async execute(request: { apply: boolean; requestedBy: string }): Promise<ReconcileResult> {
    const locked = await this.runLock.whileHolding(RECONCILE_LOCK_KEY, () => this.run(request.apply, request.requestedBy, null));
    if (!locked.ran) throw new AccessException(AccessExceptionCode.RUN_IN_PROGRESS, 'a reconciliation is running already (in this or another replica); try again when it has finished');
    return locked.value;
  }

  /** Applies a held run: the findings of a fresh read that the held run listed (nothing it did not show). */
  async approve(runId: string, approvedBy: string): Promise<ReconcileResult> {
    const locked = await this.runLock.whileHolding(RECONCILE_LOCK_KEY, async () => {
      const held = await this.state.run(this.dataSource.manager, runId);
      if (!held) throw new AccessException(AccessExceptionCode.RUN_NOT_FOUND, `reconciliation run ${runId} does not exist`);
      if (held.status !== 'held') throw new AccessException(AccessExceptionCode.RUN_NOT_HELD, `reconciliation run ${runId} is ${held.status}; only a held run can be approved`);
      // Four eyes: whoever started a run that strips access from many may not wave it through too.
      if (held.requestedBy === approvedBy) {
        throw new AccessException(AccessExceptionCode.SELF_APPROVAL, `reconciliation run ${runId} was started by ${approvedBy}; another person must approve it`);
      }
      const approved = new Set((held.findings as PublicFinding[]).map(findingKey));
      const result = await this.run(true, approvedBy, { runId, approved, startedAt: held.startedAt });
      await this.dataSource.transaction(async (manager) => {
        await this.auditLog.append(manager, {
          actor: approvedBy,
          action: 'reconcile.approved',
          personId: null,
          accountId: null,
          causeEventId: null,
          detail: { runId, applied: result.applied, requestedBy: held.requestedBy },
        });
      });
      return result;
    });
    if (!locked.ran) throw new AccessException(AccessExceptionCode.RUN_IN_PROGRESS, 'a reconciliation is running already; approve again when it has finished');
    return locked.value;
  }

  private async run(apply: boolean, actor: string, approval: { runId: string; approved: Set<string>; startedAt: Date } | null): Promise<ReconcileResult> {
    const runId = approval?.runId ?? uuidv7();
    const now = this.options.now();
    const startedAt = approval?.startedAt ?? now;
    const today = stockholmDate(now);
    const t0 = Date.now();
    const ad = await AccessDirectoryGateway.open(this.options.directory);
    try {
      const [desired, users] = await Promise.all([this.desired.load(this.dataSource.manager, today), ad.users(this.options.managedOu)]);
      const groups = await this.readGroups(ad, desired);
      const readMs = Date.now() - t0;
      const t1 = Date.now();
      const expected: ExpectedAccount[] = [];
      const wanted: Array<{ row: (typeof desired.rows)[number]; desired: ReturnType<DesiredAccessService['desiredFor']> }> = [];
      for (const row of desired.rows) {
        const access = this.desired.desiredFor(desired, row, today);
        wanted.push({ row, desired: access });
        expected.push({
          accountId: row.accountId,
          personId: row.personId,
          samAccountName: row.samAccountName,
          dn: row.dn,
          guid: row.objectGuid,
          enabled: row.enabled,
          attributes: row.attributes,
          groups: access.groups,
        });
      }
      const comparison = compareWithDirectory({ users, groups, accounts: expected, ownedAttributes: OWNED_ATTRIBUTES });
      let findings = comparison.findings;
      if (approval) findings = findings.filter((f) => approval.approved.has(findingKey(f)));
      const share = removalShare({ identities: comparison.identities, findings });
      const compareMs = Date.now() - t1;
      const activityAnnounced = await this.announceActivity(users, desired, runId, today);

      const held = apply && !approval && share.share > this.options.maxRemovalShare;
      const record: ReconcileRunRecord = {
        runId,
        startedAt,
        finishedAt: null,
        requestedBy: actor,
        apply,
        status: !apply ? 'reported' : held ? 'held' : approval ? 'approved' : 'applied',
        identities: comparison.identities,
        findings: findings.map(publicFinding),
        applied: 0,
        removalShare: share.share.toFixed(4),
        ruleSetVersion: desired.ruleSet?.version ?? null,
        approvedBy: approval ? actor : null,
        approvedAt: approval ? now : null,
      };
      const t2 = Date.now();
      let entitlementsAnnounced = 0;
      if (apply && !held) {
        const personOf = new Map(desired.rows.map((r) => [r.accountId, r.personId]));
        const byDn = new Map(users.map((u) => [u.dn.toLowerCase(), u]));
        record.applied = await this.fix(ad, findings, byDn, personOf, runId, actor);
        entitlementsAnnounced = await this.inChunks(
          wanted,
          (manager, chunk) => syncEntitlements(manager, this.state, this.publisher, runId, today, chunk),
        );
      }
      record.finishedAt = new Date();
      await this.dataSource.transaction(async (manager) => {
        await this.state.saveRun(manager, record);
        if (held) {
          await this.auditLog.append(manager, {
            actor,
            action: 'reconcile.held',
            personId: null,
            accountId: null,
            causeEventId: null,
            detail: { runId, accounts: share.accounts, identities: comparison.identities, share: record.removalShare, maxShare: this.options.maxRemovalShare },
          });
        }
      });
      if (!apply || held) {
        await this.inChunks(findings, async (manager, chunk) => {
          for (const f of chunk) {
            await this.auditLog.append(manager, {
              actor,
              action: 'reconcile.finding',
              personId: null,
              accountId: f.accountId,
              causeEventId: null,
              detail: { runId, kind: f.kind, samAccountName: f.account, groupDn: f.group, detail: f.detail, policy: f.policy, held },
            });
          }
          return chunk.length;
        });
      }
      const applyMs = Date.now() - t2;
      this.logger.log({ msg: 'reconciliation', runId, status: record.status, identities: comparison.identities, findings: findings.length, applied: record.applied, share: record.removalShare });
      return {
        runId,
        identities: comparison.identities,
        findings: record.findings as PublicFinding[],
        applied: record.applied,
        held,
        status: record.status,
        ruleSetVersion: record.ruleSetVersion,
        removalShare: share.share,
        entitlementsAnnounced,
        activityAnnounced,
        timings: { readMs, compareMs, applyMs },
      };
    } finally {
      await ad.close();
    }
  }

  /** The catalogue's groups reconciliation may act on, with their members. */
  private async readGroups(ad: AccessDirectoryGateway, desired: DesiredState): Promise<DirectoryGroup[]> {
    const groups: DirectoryGroup[] = [];
    for (const group of desired.ruleSet?.rules.groups ?? []) {
      if (group.policy === 'ignore' || !this.reconcilable(group.dn)) continue;
      const members = await ad.members(group.dn);
      if (members === null) {
        this.logger.warn({ msg: 'group of the access rules not found in AD; skipped', group: group.key, dn: group.dn });
        continue;
      }
      groups.push({ key: group.key, dn: group.dn, policy: group.policy, memberDns: members });
    }
    return groups;
  }

  /** Below the managed OU and not a licence group (those belong to the licence service). */
  reconcilable(dn: string): boolean {
    const norm = (v: string) => v.toLowerCase().replace(/,\s+/g, ',');
    const d = norm(dn);
    return d.endsWith(`,${norm(this.options.managedOu)}`) && !d.endsWith(`,${norm(this.options.licenceOu)}`) && !sameDn(dn, this.options.licenceOu);
  }

  /** Fixes the enforced findings in AD, then audits and announces each fix. */
  private async fix(ad: AccessDirectoryGateway, findings: Finding[], users: Map<string, ReadUser>, personOf: Map<string, string>, runId: string, actor: string): Promise<number> {
    const done: Array<{ finding: Finding; changed: boolean }> = [];
    for (const f of findings) {
      if (f.policy !== 'enforce') continue;
      const user = users.get(f.accountDn.toLowerCase());
      let changed = true;
      switch (f.kind) {
        case 'missing-membership':
          changed = await ad.addMember(f.group ?? '', f.accountDn);
          break;
        case 'excess-membership':
          changed = await ad.removeMember(f.group ?? '', f.accountDn);
          break;
        case 'orphan-account':
        case 'wrongly-enabled':
          await ad.setEnabled(f.accountDn, false, user?.userAccountControl ?? 0x200);
          break;
        case 'wrongly-disabled':
          await ad.setEnabled(f.accountDn, true, user?.userAccountControl ?? 0x202);
          break;
        case 'attribute-drift':
          await ad.writeAttribute(f.accountDn, f.attribute ?? '', f.wanted ?? null);
          break;
      }
      done.push({ finding: f, changed });
    }
    await this.inChunks(done, async (manager, chunk) => {
      for (const { finding: f, changed } of chunk) {
        const action: AuditAction =
          f.kind === 'missing-membership'
            ? 'membership.added'
            : f.kind === 'excess-membership'
              ? 'membership.removed'
              : f.kind === 'wrongly-disabled'
                ? 'account.enabled'
                : f.kind === 'attribute-drift'
                  ? 'account.updated'
                  : 'account.disabled';
        const cause = f.kind === 'missing-membership' && f.cause ? f.cause : `reconcile:${runId}`;
        await this.auditLog.append(manager, {
          actor,
          action,
          personId: f.accountId ? (personOf.get(f.accountId) ?? null) : null,
          accountId: f.accountId,
          causeEventId: null,
          detail: { rule: `reconcile.${f.kind}`, runId, samAccountName: f.account, dn: f.accountDn, groupDn: f.group, cause, detail: f.detail, changedInDirectory: changed, ...(f.attribute ? { attribute: f.attribute } : {}) },
        });
        if ((f.kind === 'missing-membership' || f.kind === 'excess-membership') && f.accountId && f.group) {
          await publishMembership(this.publisher, manager, runId, { accountId: f.accountId, groupDn: f.group, added: f.kind === 'missing-membership', cause });
        }
      }
      return chunk.length;
    });
    return done.length;
  }

  /** identity.activity.v1 for each account whose lastLogonTimestamp day differs from the one announced last. */
  private async announceActivity(users: readonly ReadUser[], desired: DesiredState, runId: string, today: string): Promise<number> {
    const byGuid = new Map(desired.rows.flatMap((r) => (r.objectGuid ? [[r.objectGuid.toLowerCase(), r] as const] : [])));
    const byDn = new Map(desired.rows.map((r) => [r.dn.toLowerCase(), r]));
    const seen = await this.state.announcedSignIns();
    const changes: Array<{ accountId: string; samAccountName: string; day: string; enabled: boolean }> = [];
    for (const user of users) {
      if (!user.lastLogon) continue;
      const row = (user.guid ? byGuid.get(user.guid.toLowerCase()) : undefined) ?? byDn.get(user.dn.toLowerCase());
      if (!row) continue;
      const day = stockholmDate(user.lastLogon);
      if (seen.get(row.accountId) === day) continue;
      changes.push({ accountId: row.accountId, samAccountName: row.samAccountName, day, enabled: user.enabled });
    }
    return this.inChunks(changes, async (manager, chunk) => {
      for (const c of chunk) {
        await publishActivity(this.publisher, manager, runId, { accountId: c.accountId, samAccountName: c.samAccountName, lastSignInDate: c.day, enabled: c.enabled, observedDate: today });
        await this.state.recordSignIn(manager, c.accountId, c.day);
      }
      return chunk.length;
    });
  }

  private async inChunks<T>(items: readonly T[], fn: (manager: EntityManager, chunk: T[]) => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      total += await this.dataSource.transaction((manager) => fn(manager, chunk));
    }
    return total;
  }
}

const publicFinding = (f: Finding): PublicFinding => ({ kind: f.kind, account: f.account, group: f.group, detail: f.detail });
const findingKey = (f: { kind: string; account: string; group: string | null }): string => `${f.kind}|${f.account}|${(f.group ?? '').toLowerCase()}`;
