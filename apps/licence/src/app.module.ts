import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import {
  AssignmentRepository,
  CatalogueRepository,
  LicenceAuditRepository,
  LicenceHolderRepository,
  licenceSchema,
  UsageActivityRepository,
} from '@itops/licence/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { directorySettings, LICENCE_OPTIONS, LicenceConfig, LicenceOptions } from './licence.config';
import { AccountChangedConsumer } from './accounts/account-changed.consumer';
import { HoldersController } from './accounts/holders.controller';
import { SignInActivityConsumer } from './accounts/sign-in-activity.consumer';
import { AssignmentsController } from './assignments/assignments.controller';
import { EntitlementChangedConsumer } from './assignments/entitlement-changed.consumer';
import { LicenceAssignments } from './assignments/licence-assignments.service';
import { RealiseEntitlement } from './assignments/realise-entitlement.use-case';
import { EmploymentChangedConsumer } from './bookings/employment-changed.consumer';
import { TakeSubstituteLicence } from './bookings/take-substitute-licence.use-case';
import { CatalogueController } from './catalogue/catalogue.controller';
import { LICENCE_DIRECTORY_SETTINGS, LICENCE_MANAGED_OU, LicenceGroupsGateway } from './directory/licence-groups.gateway';
import { HarvestController } from './harvest/harvest.controller';
import { HarvestService } from './harvest/harvest.service';
import { ReleaseScheduler } from './releases/release.scheduler';
import { ReleasesController } from './releases/releases.controller';
import { RunReleases } from './releases/run-releases.use-case';
import { ImportUsage } from './usage/import-usage.use-case';
import { UsageController } from './usage/usage.controller';

@Module({})
export class AppModule {
  static register(config: LicenceConfig, overrides: Partial<LicenceOptions> = {}): DynamicModule {
    const options: LicenceOptions = {
      managedOu: config.ITOPS_LDAP_MANAGED_OU,
      leaverGraceDays: config.ITOPS_LICENCE_LEAVER_GRACE_DAYS,
      inactiveDays: config.ITOPS_LICENCE_INACTIVE_DAYS,
      releaseIntervalSeconds: config.ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS,
      now: () => new Date(),
      ...overrides,
    };
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'licence', config, schema: licenceSchema, relayLockKey: 5103 })],
      controllers: [
        HoldersController,
        CatalogueController,
        AssignmentsController,
        UsageController,
        HarvestController,
        ReleasesController,
        AccountChangedConsumer,
        EntitlementChangedConsumer,
        SignInActivityConsumer,
        EmploymentChangedConsumer,
      ],
      providers: [
        LicenceHolderRepository,
        CatalogueRepository,
        AssignmentRepository,
        UsageActivityRepository,
        LicenceAuditRepository,
        RunLockRepository,
        LicenceAssignments,
        RealiseEntitlement,
        TakeSubstituteLicence,
        RunReleases,
        ReleaseScheduler,
        ImportUsage,
        HarvestService,
        LicenceGroupsGateway,
        { provide: LICENCE_OPTIONS, useValue: options },
        { provide: LICENCE_MANAGED_OU, useValue: config.ITOPS_LDAP_MANAGED_OU },
        {
          provide: LICENCE_DIRECTORY_SETTINGS,
          useFactory: () => {
            if (!config.ITOPS_LDAP_CA_FILE) {
              new Logger('Directory').warn('ITOPS_LDAP_CA_FILE is not set: the domain controller’s certificate is not verified (acceptable on the local stack only)');
            }
            return directorySettings(config);
          },
        },
      ],
    };
  }
}
