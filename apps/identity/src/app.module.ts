import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { DirectoryClient } from '@itops/shared/ldap';
import { AccountRepository, AuditLogRepository, EmploymentRepository, identitySchema, PersonRepository } from '@itops/identity/data-access';
import { AccountsController } from './accounts/accounts.controller';
import { AuditController } from './accounts/audit.controller';
import { DirectoryAccountsGateway } from './accounts/directory-accounts.gateway';
import { ApplyEmployment } from './employments/apply-employment.use-case';
import { EmploymentChangedConsumer } from './employments/employment-changed.consumer';
import { directorySettings, IdentityConfig } from './identity.config';
import { IDENTITY_OPTIONS, IdentityOptions } from './identity.options';

@Module({})
export class AppModule {
  static register(config: IdentityConfig): DynamicModule {
    const options: IdentityOptions = {
      managedOu: config.ITOPS_LDAP_MANAGED_OU,
      searchBase: config.ITOPS_LDAP_BASE_DN,
      upnDomain: config.ITOPS_AD_UPN_DOMAIN,
      leadDays: config.ITOPS_IDENTITY_LEAD_DAYS,
      now: () => new Date(),
    };
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'identity', config, schema: identitySchema, relayLockKey: 5102 })],
      controllers: [AccountsController, AuditController, EmploymentChangedConsumer],
      providers: [
        PersonRepository,
        EmploymentRepository,
        AccountRepository,
        AuditLogRepository,
        DirectoryAccountsGateway,
        ApplyEmployment,
        { provide: IDENTITY_OPTIONS, useValue: options },
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
