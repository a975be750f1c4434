import type { DesiredAccess } from '@itops/identity/domain';
import { AccessPopulationRow, AccessStateRepository, AnnouncedEntitlement } from '@itops/identity/data-access';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { publishEntitlement } from './access-events';

/** Only role entitlements are kept here; requested licences are the access requests' own. */
const isRoleCause = (cause: string) => cause.startsWith('role:');

/**
 * Announces the difference between the role licences and devices an account should have and what
 * identity last announced for it (GRANTED/REVOKED on identity.entitlement.v1), and records the
 * announcement in the same transaction. Returns how many events were published.
 */
export async function syncEntitlements(
  manager: EntityManager,
  state: AccessStateRepository,
  publisher: EventPublisher,
  correlationId: string,
  today: string,
  accounts: ReadonlyArray<{ row: AccessPopulationRow; desired: DesiredAccess }>,
): Promise<number> {
  if (accounts.length === 0) return 0;
  const announced = new Map<string, AnnouncedEntitlement[]>();
  for (const e of await state.announcedEntitlements(manager, accounts.map((a) => a.row.accountId))) {
    const list = announced.get(e.accountId) ?? [];
    list.push(e);
    announced.set(e.accountId, list);
  }
  let published = 0;
  for (const { row, desired } of accounts) {
    const had = announced.get(row.accountId) ?? [];
    const wanted: AnnouncedEntitlement[] = [];
    for (const [kind, map] of [['LICENCE', desired.licences], ['DEVICE', desired.devices]] as const) {
      for (const [code, causes] of map) {
        const cause = causes.find(isRoleCause);
        if (cause) wanted.push({ accountId: row.accountId, kind, code, cause, customerCode: row.customerCode });
      }
    }
    const base = { accountId: row.accountId, effectiveDate: today, samAccountName: row.samAccountName };
    for (const w of wanted) {
      if (had.some((h) => h.kind === w.kind && h.code === w.code)) continue;
      await publishEntitlement(publisher, manager, correlationId, { ...base, customerCode: w.customerCode, kind: w.kind, code: w.code, granted: true, cause: w.cause });
      await state.recordGranted(manager, w);
      published += 1;
    }
    for (const h of had) {
      if (wanted.some((w) => w.kind === h.kind && w.code === h.code)) continue;
      await publishEntitlement(publisher, manager, correlationId, { ...base, customerCode: h.customerCode, kind: h.kind, code: h.code, granted: false, cause: h.cause });
      await state.recordRevoked(manager, h);
      published += 1;
    }
  }
  return published;
}
