import { Inject, Injectable, Optional } from '@nestjs/common';
import { AccessHolder, activeOn, DesiredAccess, RequestGrant, RoleEmployment, RoleIndex, primaryEmployment } from '@itops/identity/domain';
import { AccessPopulationRow, AccessRuleSetRepository, AccessStateRepository, StoredRuleSet } from '@itops/identity/data-access';
import type { EntityManager } from '@itops/shared/persistence';
import { ACTIVE_GRANTS, ActiveGrantsSource } from './access.options';

/** The population with the rules to judge it by. */
export interface DesiredState {
  readonly ruleSet: StoredRuleSet | null;
  readonly index: RoleIndex | null;
  readonly rows: readonly AccessPopulationRow[];
  /** Approved requests per account. */
  readonly grants: ReadonlyMap<string, readonly RequestGrant[]>;
}

const NOTHING: DesiredAccess = { groups: new Map(), licences: new Map(), devices: new Map() };

/**
 * Who should have what: for each live, enabled account, the roles of the person's employments
 * active today (several employments: the union), the old placement a mover keeps until the
 * transition ends, and the approved requests. A disabled account (prepared, or a leaver) should
 * have nothing.
 */
@Injectable()
export class DesiredAccessService {
  constructor(
    private readonly ruleSets: AccessRuleSetRepository,
    private readonly state: AccessStateRepository,
    @Optional() @Inject(ACTIVE_GRANTS) private readonly requests?: ActiveGrantsSource,
  ) {}

  async load(manager: EntityManager, today: string, personIds?: readonly string[]): Promise<DesiredState> {
    const ruleSet = await this.ruleSets.active(manager);
    const rows = await this.state.population(manager, personIds);
    const grants = new Map<string, RequestGrant[]>();
    for (const grant of (await this.requests?.activeGrants(manager, today)) ?? []) {
      const list = grants.get(grant.accountId) ?? [];
      list.push({ groupKey: grant.groupKey, cause: grant.cause });
      grants.set(grant.accountId, list);
    }
    return { ruleSet, index: ruleSet ? new RoleIndex({ version: ruleSet.version, rules: ruleSet.rules }) : null, rows, grants };
  }

  desiredFor(state: DesiredState, row: AccessPopulationRow, today: string, index: RoleIndex | null = state.index): DesiredAccess {
    if (!row.enabled || !index) return NOTHING;
    return index.desiredFor(holderOf(row, today, state.grants.get(row.accountId) ?? []));
  }
}

/** The rules' view of an account's person on `today`. */
export function holderOf(row: AccessPopulationRow, today: string, requests: readonly RequestGrant[]): AccessHolder {
  const active = row.employments.filter((e) => activeOn(e, today));
  const employments: RoleEmployment[] = active.map((e) => ({ customerCode: e.customerCode, unitCode: e.unitCode, jobCode: e.jobCode, form: e.form }));
  const transitions: RoleEmployment[] = [];
  if (active.length > 0) {
    const primary = primaryEmployment(active);
    for (const t of row.transitions) {
      // The old placement is kept through the day before `until` (moverTransition).
      if (t.until > today) transitions.push({ customerCode: t.customerCode, unitCode: t.unitCode ?? primary.unitCode, jobCode: primary.jobCode, form: primary.form });
    }
  }
  return { employments, transitions, requests };
}
