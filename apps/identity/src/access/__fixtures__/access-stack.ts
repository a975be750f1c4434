import { Attribute, Change } from 'ldapts';
import {
  AccessRequestRepository,
  AccessRuleSetRepository,
  AccessStateRepository,
  BookingRepository,
  EmploymentRepository,
  MoverTransitionRepository,
  PersonRepository,
} from '@itops/identity/data-access';
import { EmploymentChanged, EntitlementChanged, MembershipChanged, Topics } from '@itops/shared/contracts';
import { DirectoryClient } from '@itops/shared/ldap';
import { codecFor, EventPublisher, OutboxRelay } from '@itops/shared/messaging';
import { RunLockRepository } from '@itops/shared/persistence';
import { config, IdentityStack, ldap } from '../../__fixtures__/identity-stack';
import { DirectoryAccountsGateway } from '../../accounts/directory-accounts.gateway';
import { ApplyEmployment, ApplyEmploymentResult } from '../../employments/apply-employment.use-case';
import { directorySettings } from '../../identity.config';
import { AccountLifecycleService } from '../../lifecycle/account-lifecycle.service';
import { LifecycleRunResult, RunLifecycle } from '../../lifecycle/run-lifecycle.use-case';
import { AccessRules } from '../access-rules.use-case';
import { AccessOptions } from '../access.options';
import { BirthrightService } from '../birthright.service';
import { DesiredAccessService } from '../desired-access.service';
import { ReconcileAccess } from '../reconcile-access.use-case';
import { SimulateAccess } from '../simulate-access.use-case';

/**
 * identity's access use cases on a fresh database and the local Samba AD, in a managed OU of the
 * run's own (OU=acc-<run>,OU=itops,...), so reconciliation sees only this run's users and never
 * anyone else's. The account lifecycle is wired with birthright, as in the service. stop()
 * deletes the run's OU with everything in it.
 */
export class AccessStack {
  private readonly extraDns: string[] = [];

  private constructor(
    readonly identity: IdentityStack,
    readonly managedOu: string,
    readonly options: AccessOptions,
    readonly rules: AccessRules,
    readonly reconcile: ReconcileAccess,
    /** The same, with no share limit (a run is never held). */
    readonly reconcileUnlimited: ReconcileAccess,
    readonly simulate: SimulateAccess,
    private readonly applyEmployment: ApplyEmployment,
    private readonly runLifecycle: RunLifecycle,
    private readonly directory: DirectoryClient,
  ) {}

  static async start(prefix: string): Promise<AccessStack> {
    const probe = Math.random().toString(16).slice(2, 8);
    const managedOu = `OU=acc-${probe},${config.ITOPS_LDAP_MANAGED_OU}`;
    const identity = await IdentityStack.start(prefix, { managedOu });
    await ldap(async (c) => c.add(managedOu, { objectClass: ['top', 'organizationalUnit'] }));
    await ldap(async (c) => c.add(`OU=Licences,${managedOu}`, { objectClass: ['top', 'organizationalUnit'] }));
    const ds = identity.dataSource;
    const publisher = new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay);
    const options: AccessOptions = {
      managedOu,
      licenceOu: `OU=Licences,${managedOu}`,
      maxRemovalShare: 0.05,
      reconcileIntervalSeconds: 0,
      directory: directorySettings(config),
      now: () => new Date(),
    };
    const ruleSets = new AccessRuleSetRepository(ds);
    const state = new AccessStateRepository(ds);
    const desired = new DesiredAccessService(ruleSets, state, new AccessRequestRepository(ds));
    const runLock = new RunLockRepository(ds);
    const rules = new AccessRules(ds, ruleSets, identity.auditLog);
    const reconcile = new ReconcileAccess(ds, desired, state, identity.auditLog, runLock, publisher, options);
    const unlimited = new ReconcileAccess(ds, desired, state, identity.auditLog, runLock, publisher, { ...options, maxRemovalShare: 1 });
    const simulate = new SimulateAccess(ds, rules, desired, options);
    const birthright = new BirthrightService(desired, state, identity.auditLog, publisher, options);
    const directory = new DirectoryClient(directorySettings(config));
    const gateway = new DirectoryAccountsGateway(directory, identity.options);
    const persons = new PersonRepository(ds);
    const bookings = new BookingRepository();
    const employments = new EmploymentRepository();
    const lifecycle = new AccountLifecycleService(persons, employments, bookings, identity.accounts, new MoverTransitionRepository(), identity.auditLog, gateway, publisher, identity.options, birthright);
    const applyEmployment = new ApplyEmployment(persons, employments, bookings, lifecycle);
    const runLifecycle = new RunLifecycle(ds, persons, runLock, lifecycle);
    return new AccessStack(identity, managedOu, options, rules, reconcile, unlimited, simulate, applyEmployment, runLifecycle, directory);
  }

  async stop(): Promise<void> {
    await this.directory.close();
    await ldap(async (c) => {
      for (const dn of this.extraDns) await c.del(dn).catch(() => undefined);
      const { searchEntries } = await c.search(this.managedOu, { scope: 'sub', attributes: ['dn'] }).catch(() => ({ searchEntries: [] }));
      // Deepest first: an OU goes after what is in it.
      const dns = searchEntries.map((e) => e.dn).sort((a, b) => b.split(',').length - a.split(',').length);
      for (const dn of dns) await c.del(dn).catch(() => undefined);
    });
    await this.identity.stop();
  }

  /** Handles an HR event as the consumer does, with birthright wired in. */
  handle(event: EmploymentChanged, now = new Date()): Promise<ApplyEmploymentResult> {
    return this.identity.dataSource.transaction((manager) => this.applyEmployment.execute(event, this.identity.contextFor(event, manager), now));
  }

  /** One lifecycle run at `now`, with birthright wired in. */
  runAt(now: Date): Promise<LifecycleRunResult> {
    return this.runLifecycle.execute(now);
  }

  /** A group of this run (in the managed OU unless `parent` says otherwise). */
  async group(name: string, parent = this.managedOu): Promise<string> {
    const dn = `CN=${name}-${this.identity.run},${parent}`;
    await ldap((c) => c.add(dn, { objectClass: ['top', 'group'], sAMAccountName: `${name}-${this.identity.run}`.slice(0, 60) }));
    if (!dn.toLowerCase().endsWith(this.managedOu.toLowerCase())) this.extraDns.push(dn);
    return dn;
  }

  async addMember(group: string, member: string): Promise<void> {
    await ldap((c) => c.modify(group, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [member] }) })]));
  }

  async removeMember(group: string, member: string): Promise<void> {
    await ldap((c) => c.modify(group, [new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [member] }) })]));
  }

  async setAttribute(dn: string, type: string, value: string): Promise<void> {
    await ldap((c) => c.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) })]));
  }

  /** Members of a group, lower case. */
  async members(group: string): Promise<string[]> {
    return ldap(async (c) => {
      const { searchEntries: [entry] } = await c.search(group, { scope: 'base', attributes: ['member'] });
      const value = entry?.['member'];
      return (Array.isArray(value) ? value : value ? [value] : []).map((v) => String(v).toLowerCase());
    });
  }

  async entitlementEvents(): Promise<EntitlementChanged[]> {
    const codec = codecFor(Topics.identityEntitlement);
    const rows: Array<{ payload: Buffer }> = await this.identity.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityEntitlement.name]);
    return rows.map((r) => codec.decode(r.payload));
  }

  async membershipEvents(): Promise<MembershipChanged[]> {
    const codec = codecFor(Topics.identityMembership);
    const rows: Array<{ payload: Buffer }> = await this.identity.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityMembership.name]);
    return rows.map((r) => codec.decode(r.payload));
  }
}
