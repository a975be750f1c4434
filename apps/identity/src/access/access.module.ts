import { DynamicModule, Module } from '@nestjs/common';
import { AccessRequestRepository, AccessRuleSetRepository, AccessStateRepository, AuditLogRepository } from '@itops/identity/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { directorySettings, IdentityConfig } from '../identity.config';
import { AccessController } from './access.controller';
import { ACCESS_OPTIONS, AccessOptions, ACTIVE_GRANTS, BIRTHRIGHT } from './access.options';
import { AccessRules } from './access-rules.use-case';
import { BirthrightService } from './birthright.service';
import { DesiredAccessService } from './desired-access.service';
import { ReconcileAccess } from './reconcile-access.use-case';
import { ReconcileScheduler } from './reconcile.scheduler';
import { SimulateAccess } from './simulate-access.use-case';

export const accessOptionsFrom = (config: IdentityConfig): AccessOptions => ({
  managedOu: config.ITOPS_LDAP_MANAGED_OU,
  licenceOu: `OU=Licences,${config.ITOPS_LDAP_MANAGED_OU}`,
  maxRemovalShare: config.ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE,
  reconcileIntervalSeconds: config.ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS,
  directory: directorySettings(config),
  now: () => new Date(),
});

/** Business roles, birthright access, reconciliation with AD and simulation (docs/access.md). */
@Module({})
export class AccessModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: AccessModule,
      controllers: [AccessController],
      providers: [
        AccessRuleSetRepository,
        AccessStateRepository,
        AuditLogRepository,
        RunLockRepository,
        AccessRequestRepository,
        { provide: ACTIVE_GRANTS, useExisting: AccessRequestRepository },
        DesiredAccessService,
        AccessRules,
        ReconcileAccess,
        SimulateAccess,
        ReconcileScheduler,
        BirthrightService,
        { provide: BIRTHRIGHT, useExisting: BirthrightService },
        { provide: ACCESS_OPTIONS, useValue: accessOptionsFrom(config) },
      ],
      exports: [BIRTHRIGHT, AccessRuleSetRepository],
    };
  }
}
