import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { DirectoryClient } from '@itops/shared/ldap';
import {
  AccountRepository,
  AuditLogRepository,
  BookingRepository,
  EmploymentRepository,
  identitySchema,
  MoverTransitionRepository,
  PersonRepository,
} from '@itops/identity/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { AccountsController } from './accounts/accounts.controller';
import { AuditController } from './accounts/audit.controller';
import { DirectoryAccountsGateway } from './accounts/directory-accounts.gateway';
import { ApplyEmployment } from './employments/apply-employment.use-case';
import { EmploymentChangedConsumer } from './employments/employment-changed.consumer';
import { directorySettings, IdentityConfig } from './identity.config';
import { IDENTITY_OPTIONS, identityOptionsFrom } from './identity.options';
import { AccountLifecycleService } from './lifecycle/account-lifecycle.service';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { LifecycleScheduler } from './lifecycle/lifecycle.scheduler';
import { RunLifecycle } from './lifecycle/run-lifecycle.use-case';
import { AccessModule } from './access/access.module';
import { PersonsController } from './persons/persons.controller';
import { RequestsModule } from './requests/requests.module';

@Module({})
export class AppModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'identity', config, schema: identitySchema, relayLockKey: 5102 }), RequestsModule.register(config), AccessModule.register(config)],
      controllers: [AccountsController, AuditController, PersonsController, LifecycleController, EmploymentChangedConsumer],
      providers: [
        PersonRepository,
        EmploymentRepository,
        BookingRepository,
        AccountRepository,
        AuditLogRepository,
        MoverTransitionRepository,
        RunLockRepository,
        DirectoryAccountsGateway,
        AccountLifecycleService,
        ApplyEmployment,
        RunLifecycle,
        LifecycleScheduler,
        { provide: IDENTITY_OPTIONS, useValue: identityOptionsFrom(config) },
        {
          provide: DirectoryClient,
          useFactory: () => {
            if (!config.ITOPS_LDAP_CA_FILE) {
              new Logger('Directory').warn('ITOPS_LDAP_CA_FILE is not set: the domain controller’s certificate is not verified (acceptable on the local stack only)');
            }
            return new DirectoryClient(directorySettings(config));
          },
        },
      ],
    };
  }
}
