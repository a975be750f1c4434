import { Injectable } from '@nestjs/common';
import { AccessRequestException, AccessRequestExceptionCode, RequestableGroup, RequestableLicence } from '@itops/identity/domain';
import { AccessRuleSetRepository } from '@itops/identity/data-access';
import type { EntityManager } from '@itops/shared/persistence';

/** The active rule set's group catalogue and licence catalogue, as requests see them. */
@Injectable()
export class GroupCatalogue {
  constructor(private readonly ruleSets: AccessRuleSetRepository) {}

  /**
   * The group with this key. A group without an owner or a maxDays cannot be granted for a time,
   * so it counts as not requestable.
   */
  async group(manager: EntityManager, key: string): Promise<RequestableGroup> {
    const active = await this.ruleSets.active(manager);
    const group = active?.rules.groups.find((g) => g.key === key);
    if (!group) {
      const known = active ? active.rules.groups.filter((g) => g.requestable).map((g) => g.key) : [];
      throw new AccessRequestException(
        AccessRequestExceptionCode.UNKNOWN_GROUP,
        active
          ? `group "${key}" is not in the active access rule set (version ${active.version}); requestable groups: ${known.join(', ') || 'none'}`
          : 'no access rule set is imported yet; import one with `itops access rules import` first',
      );
    }
    return {
      key: group.key,
      dn: group.dn,
      owner: group.owner ?? '',
      requestable: group.requestable && group.owner !== null && group.maxDays !== null,
      maxDays: group.maxDays ?? 0,
    };
  }

  /** The requestable licence with this code (the rule set's optional `licences` catalogue). */
  async licence(manager: EntityManager, code: string): Promise<RequestableLicence> {
    const active = await this.ruleSets.active(manager);
    const licence = active?.rules.licences?.find((l) => l.code === code);
    if (!licence) {
      const known = (active?.rules.licences ?? []).filter((l) => l.requestable).map((l) => l.code);
      throw new AccessRequestException(
        AccessRequestExceptionCode.UNKNOWN_GROUP,
        active
          ? `licence "${code}" is not in the licence catalogue of the active access rule set (version ${active.version}); requestable licences: ${known.join(', ') || 'none'}`
          : 'no access rule set is imported yet; import one with `itops access rules import` first',
      );
    }
    return { code: licence.code, owner: licence.owner, requestable: licence.requestable, maxDays: licence.maxDays };
  }
}
