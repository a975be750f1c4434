import type { Account, AuditEntry } from '@itops/identity/data-access';

/** An account as the HTTP API shows it. There is no password to show: identity never keeps one. */
export interface AccountView {
  accountId: string;
  personId: string;
  samAccountName: string;
  userPrincipalName: string;
  dn: string;
  customerCode: string;
  enabled: boolean;
  createdAt: string;
}

export const accountView = (a: Account): AccountView => ({
  accountId: a.accountId,
  personId: a.personId,
  samAccountName: a.samAccountName,
  userPrincipalName: a.userPrincipalName,
  dn: a.dn,
  customerCode: a.customerCode,
  enabled: a.enabled,
  createdAt: a.createdAt.toISOString(),
});

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  accountId: string | null;
  causeEventId: string | null;
  detail: Record<string, unknown>;
}

export const auditEntryView = (e: AuditEntry): AuditEntryView => ({
  id: e.id,
  at: e.at.toISOString(),
  actor: e.actor,
  action: e.action,
  accountId: e.accountId,
  causeEventId: e.causeEventId,
  detail: e.detail,
});
