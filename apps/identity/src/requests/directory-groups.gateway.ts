import { Injectable } from '@nestjs/common';
import { DirectoryClient, DirectorySession } from '@itops/shared/ldap';
import { step } from '../event-failure';

/** The account as identity last saw it in AD. */
export interface GroupMember {
  dn: string;
  objectGuid: string | null;
}

/**
 * Memberships of single accounts in AD groups, for access requests and reviews. Both writes are
 * idempotent: adding a member already there, or removing one already gone, changes nothing, so a
 * retry after a rollback finds what the first attempt did.
 */
@Injectable()
export class DirectoryGroupsGateway {
  constructor(private readonly directory: DirectoryClient) {}

  /** Adds the account to the group; returns its DN as AD spells it now. */
  async add(groupDn: string, member: GroupMember): Promise<string> {
    return step(`adding ${member.dn} to ${groupDn}`, () =>
      this.directory.session(async (ad) => {
        const dn = await this.currentDn(ad, member);
        await ad.addMember(groupDn, dn);
        return dn;
      }),
    );
  }

  /** Takes the account out of the group; false when it was not a member. */
  async remove(groupDn: string, member: GroupMember): Promise<boolean> {
    return step(`removing ${member.dn} from ${groupDn}`, () =>
      this.directory.session(async (ad) => ad.removeMember(groupDn, await this.currentDn(ad, member))),
    );
  }

  /** The account may have moved since identity recorded its DN: found by objectGUID first. */
  private async currentDn(ad: DirectorySession, member: GroupMember): Promise<string> {
    const entry = member.objectGuid ? await ad.entryByGuid(member.objectGuid, ['objectGUID']) : undefined;
    return entry?.dn ?? member.dn;
  }
}
