import type { Account, AuditEntry } from '@itops/identity/data-access';
import { splitDn } from '@itops/shared/ldap';

/** An account as the HTTP API shows it. There is no password to show: identity never keeps one. */
export interface AccountView {
  accountId: string;
  personId: string;
  samAccountName: string;
  userPrincipalName: string;
  dn: string;
  /** The OU the account is in: its customer's, below the managed OU. */
  ou: string;
  /** The paying customer: the primary employment's. */
  customerCode: string;
  enabled: boolean;
  /** When its groups were taken away (a leaver), if they were. */
  accessRemovedAt: string | null;
  /** When it was deleted from AD after the retention period; the record stays. */
  deletedAt: string | null;
  createdAt: string;
}

export const accountView = (a: Account): AccountView => ({
  accountId: a.accountId,
  personId: a.personId,
  samAccountName: a.samAccountName,
  userPrincipalName: a.userPrincipalName,
  dn: a.dn,
  ou: splitDn(a.dn).parent,
  customerCode: a.customerCode,
  enabled: a.enabled,
  accessRemovedAt: a.accessRemovedAt?.toISOString() ?? null,
  deletedAt: a.deletedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  personId: string | null;
  accountId: string | null;
  causeEventId: string | null;
  detail: Record<string, unknown>;
}

export const auditEntryView = (e: AuditEntry): AuditEntryView => ({
  id: e.id,
  at: e.at.toISOString(),
  actor: e.actor,
  action: e.action,
  personId: e.personId,
  accountId: e.accountId,
  causeEventId: e.causeEventId,
  detail: e.detail,
});
