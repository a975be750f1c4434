import { Injectable } from '@nestjs/common';
import { addDays, AccessRequestException, AccessRequestExceptionCode, membersAfter, membershipChanges, stockholmMidnight } from '@itops/identity/domain';
import {
  AccessRequestRepository,
  AccessReviewRepository,
  AccessRuleSetRepository,
  AccountRepository,
  AuditEntry,
  AuditLogRepository,
  AuditSearch,
  ChainVerification,
  EmploymentRepository,
} from '@itops/identity/data-access';
import { dayNumber } from '@itops/shared/calendar';
import { DataSource } from '@itops/shared/persistence';

/** One group a person's account is in, and why. */
export interface AccessReason {
  groupDn: string;
  groupKey: string | null;
  /** 'role:<key>@v<n>', 'request:<id>', or what else put it there (e.g. an HR event id). */
  cause: string | null;
  via: 'role' | 'request' | 'other';
  since: string;
  /** Who (or what) added it. */
  addedBy: string;
  request?: { id: string; requestedBy: string; approvedBy: string | null; reason: string; until: string };
  /** Reviews that confirmed it (behörighetsrevision). */
  confirmedIn: Array<{ reviewId: string; by: string; at: string }>;
}

export interface EmploymentAccess {
  employmentId: string;
  customerCode: string;
  unitCode: string;
  jobCode: string | null;
  jobTitle: string | null;
  form: string;
  startDate: string;
  endDate: string | null;
  managerEmploymentId: string | null;
  access: AccessReason[];
}

export interface PersonAccess {
  personId: string;
  account: { accountId: string; samAccountName: string; enabled: boolean; primaryEmploymentId: string | null } | null;
  employments: EmploymentAccess[];
  /** Access the log does not tie to one employment (e.g. entries from before employments were recorded). */
  accountWide: AccessReason[];
}

export interface GroupOnDate {
  groupDn: string;
  date: string;
  /** Membership as of the end of `date` (Europe/Stockholm). */
  asOf: string;
  members: Array<{ accountId: string; samAccountName: string | null; since: string; cause: string | null }>;
}

const DN_LIKE = /^CN=/i;

/**
 * The questions auditors ask of the audit log: which access a person has and why (per
 * employment), who changed what when, what a group looked like on a date, and whether the log
 * is intact (the hash chain).
 */
@Injectable()
export class AuditQuestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
    private readonly accounts: AccountRepository,
    private readonly employments: EmploymentRepository,
    private readonly requests: AccessRequestRepository,
    private readonly reviews: AccessReviewRepository,
    private readonly ruleSets: AccessRuleSetRepository,
  ) {}

  verify(): Promise<ChainVerification> {
    return this.auditLog.verify();
  }

  /** `who` is a person id or an account's sAMAccountName. */
  async accessOf(who: string): Promise<PersonAccess> {
    const byName = await this.accounts.findBySamAccountName(who);
    const personId = byName?.personId ?? who;
    const employments = await this.employments.forPerson(this.dataSource.manager, personId);
    const account = await this.accounts.findByPerson(personId);
    if (!account && employments.length === 0) {
      throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `"${who}" is neither a person id nor an account name identity knows`);
    }
    const current = new Map<string, { entry: AuditEntry }>();
    if (account) {
      for (const entry of await this.auditLog.forAccount(account.accountId, 100_000)) {
        const { added, removed } = membershipChanges(entry);
        for (const g of removed) current.delete(g.toLowerCase());
        for (const g of added) current.set(g.toLowerCase(), { entry });
      }
    }
    const requests = new Map((await this.requests.forPerson(personId)).map((r) => [r.id, r]));
    const confirmations = await this.reviews.confirmations([...requests.keys()]);
    const reasons = [...current.values()].map(({ entry }): AccessReason & { employmentIds: string[] } => {
      const d = entry.detail;
      const cause = typeof d['cause'] === 'string' ? d['cause'] : (entry.causeEventId ?? null);
      const requestId = typeof d['requestId'] === 'string' ? d['requestId'] : null;
      const request = requestId ? requests.get(requestId) : undefined;
      const employmentIds = [d['employmentId'], ...(Array.isArray(d['employmentIds']) ? d['employmentIds'] : [])].filter((v): v is string => typeof v === 'string');
      return {
        groupDn: String(d['groupDn']),
        groupKey: typeof d['groupKey'] === 'string' ? d['groupKey'] : null,
        cause,
        via: cause?.startsWith('role:') ? 'role' : cause?.startsWith('request:') ? 'request' : 'other',
        since: entry.at.toISOString(),
        addedBy: entry.actor,
        ...(request
          ? { request: { id: request.id, requestedBy: request.requestedBy, approvedBy: request.decidedBy, reason: request.reason, until: request.until } }
          : {}),
        confirmedIn: confirmations.filter((c) => c.requestId === requestId).map((c) => ({ reviewId: c.reviewId, by: c.answeredBy, at: c.answeredAt.toISOString() })),
        employmentIds,
      };
    });
    const strip = ({ employmentIds: _ids, ...reason }: AccessReason & { employmentIds: string[] }): AccessReason => reason;
    const known = new Set(employments.map((e) => e.employmentId));
    return {
      personId,
      account: account
        ? { accountId: account.accountId, samAccountName: account.samAccountName, enabled: account.enabled, primaryEmploymentId: account.primaryEmploymentId }
        : null,
      employments: employments.map((e) => ({
        employmentId: e.employmentId,
        customerCode: e.customerCode,
        unitCode: e.unitCode,
        jobCode: e.jobCode,
        jobTitle: e.jobTitle,
        form: e.form,
        startDate: e.startDate,
        endDate: e.endDate,
        managerEmploymentId: e.managerEmploymentId,
        access: reasons.filter((r) => r.employmentIds.includes(e.employmentId)).map(strip),
      })),
      accountWide: reasons.filter((r) => !r.employmentIds.some((id) => known.has(id))).map(strip),
    };
  }

  /** Who changed what, when. `account` is a sAMAccountName, `group` a key of the rule set or a DN. */
  async changes(filter: Omit<AuditSearch, 'accountId' | 'groupDn'> & { account?: string; group?: string }): Promise<AuditEntry[]> {
    const { account, group, ...rest } = filter;
    let accountId: string | undefined;
    if (account) {
      const found = await this.accounts.findBySamAccountName(account);
      if (!found) throw new AccessRequestException(AccessRequestExceptionCode.UNKNOWN_ACCOUNT, `account "${account}" is not known to identity; give a sAMAccountName`);
      accountId = found.accountId;
    }
    return this.auditLog.search({ ...rest, accountId, groupDn: group ? await this.groupDn(group) : undefined });
  }

  /** The members of a group at the end of `date` (Stockholm), as identity's log recorded them. */
  async groupOnDate(group: string, date: string): Promise<GroupOnDate> {
    if (dayNumber(date) === null) throw new AccessRequestException(AccessRequestExceptionCode.INVALID_END_DATE, `date "${date}" is not a date; expected YYYY-MM-DD`);
    const groupDn = await this.groupDn(group);
    const asOf = stockholmMidnight(addDays(date, 1));
    const entries = await this.auditLog.membershipChanges(groupDn, asOf);
    const members = membersAfter(groupDn, entries);
    const lastAdd = new Map<string, AuditEntry>();
    const names = new Map<string, string>();
    for (const entry of entries) {
      if (!entry.accountId) continue;
      if (typeof entry.detail['samAccountName'] === 'string') names.set(entry.accountId, entry.detail['samAccountName']);
      if (membershipChanges(entry).added.length > 0) lastAdd.set(entry.accountId, entry);
    }
    return {
      groupDn,
      date,
      asOf: asOf.toISOString(),
      members: members.map((accountId) => {
        const added = lastAdd.get(accountId);
        const cause = added?.detail['cause'];
        return { accountId, samAccountName: names.get(accountId) ?? null, since: added?.at.toISOString() ?? '', cause: typeof cause === 'string' ? cause : null };
      }),
    };
  }

  private async groupDn(group: string): Promise<string> {
    if (DN_LIKE.test(group)) return group;
    const active = await this.ruleSets.active();
    const found = active?.rules.groups.find((g) => g.key === group);
    if (!found) throw new AccessRequestException(AccessRequestExceptionCode.UNKNOWN_GROUP, `group "${group}" is neither a DN (CN=...) nor a key of the active access rule set`);
    return found.dn;
  }
}
