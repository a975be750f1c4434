import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'ldapts';
import { DirectorySession, DirectorySettings, tlsOptionsFor } from '@itops/shared/ldap';
import { LicenceException, LicenceExceptionCode } from '@itops/licence/domain';

export const LICENCE_DIRECTORY_SETTINGS = Symbol('LICENCE_DIRECTORY_SETTINGS');
export const LICENCE_MANAGED_OU = Symbol('LICENCE_MANAGED_OU');

/**
 * Group-based licensing: a licence is realised by the account's membership of the product's
 * licence group (Entra gives the licence to the group's members). Licence owns these groups;
 * identity's reconciliation leaves them alone. Adding and removing are idempotent, so a
 * redelivered event does no harm. A member is added or removed as one value (never a replace of
 * the whole member list: licence groups hold tens of thousands of members), on one bound
 * connection kept by the gateway.
 */
@Injectable()
export class LicenceGroupsGateway implements OnApplicationShutdown {
  private idle: Client | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(LICENCE_DIRECTORY_SETTINGS) private readonly settings: DirectorySettings,
    @Inject(LICENCE_MANAGED_OU) private readonly managedOu: string,
  ) {}

  /** Adds the account (by sAMAccountName below the managed OU) to the group; false when it already was a member. */
  async add(samAccountName: string, groupDn: string): Promise<boolean> {
    return this.withClient(async (_client, session) => session.addMember(groupDn, await this.userDn(session, samAccountName)));
  }

  /** Whether AD has the account (by sAMAccountName below the managed OU) disabled; false when it is not there. */
  async isDisabled(samAccountName: string): Promise<boolean> {
    return this.withClient(async (_client, session) => {
      const user = await session.findUser(this.managedOu, 'sAMAccountName', samAccountName, ['userAccountControl']);
      // userAccountControl bit 0x2: ACCOUNTDISABLE.
      return user !== undefined && (Number(user['userAccountControl']) & 0x2) !== 0;
    });
  }

  /** Takes the account out of the group; false when it was not a member or no longer exists. */
  async remove(samAccountName: string, groupDn: string): Promise<boolean> {
    return this.withClient(async (_client, session) => {
      const user = await session.findUser(this.managedOu, 'sAMAccountName', samAccountName, ['dn']);
      if (!user) return false;
      return session.removeMember(groupDn, user.dn);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.idle;
    this.idle = undefined;
    await client?.unbind().catch(() => undefined);
  }

  private async userDn(session: DirectorySession, samAccountName: string): Promise<string> {
    const user = await session.findUser(this.managedOu, 'sAMAccountName', samAccountName, ['dn']);
    if (!user) {
      throw new LicenceException(LicenceExceptionCode.ACCOUNT_NOT_IN_DIRECTORY, `sam_account_name "${samAccountName}" names no user below ${this.managedOu}; the account must exist in AD before its licence group can take it`);
    }
    return user.dn;
  }

  /** One bound connection, reused while healthy; a failed one is dropped. Calls are serialised on it. */
  private withClient<T>(fn: (client: Client, session: DirectorySession) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      let client = this.idle;
      if (!client?.isConnected) {
        client = new Client({ url: this.settings.url, timeout: this.settings.timeoutMs ?? 10_000, connectTimeout: this.settings.timeoutMs ?? 10_000, tlsOptions: tlsOptionsFor(this.settings) });
        await client.bind(this.settings.bindDn, this.settings.bindPassword);
        this.idle = client;
      }
      try {
        return await fn(client, new DirectorySession(client));
      } catch (error) {
        if (!(error instanceof LicenceException)) {
          this.idle = undefined;
          void client.unbind().catch(() => undefined);
        }
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
