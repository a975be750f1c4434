import { DynamicModule, Module } from '@nestjs/common';
import { DirectoryClient } from '@itops/shared/ldap';
import {
  AccessRequestRepository,
  AccessReviewRepository,
  AccessRuleSetRepository,
  AccountRepository,
  AuditLogRepository,
  EmploymentRepository,
} from '@itops/identity/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { AuditQuestionsController } from '../audit/audit-questions.controller';
import { AuditQuestionsService } from '../audit/audit-questions.service';
import { directorySettings, IdentityConfig } from '../identity.config';
import { IDENTITY_OPTIONS, identityOptionsFrom } from '../identity.options';
import { AccessReviewsController } from '../reviews/access-reviews.controller';
import { AccessReviewsService } from '../reviews/access-reviews.service';
import { AccessGrantsService } from './access-grants.service';
import { AccessRequestsController } from './access-requests.controller';
import { AccessRequestsService } from './access-requests.service';
import { DirectoryGroupsGateway } from './directory-groups.gateway';
import { GroupCatalogue } from './group-catalogue';
import { LEAVER_GRANTS } from './leaver-grants';
import { RequestsScheduler } from './requests.scheduler';

/** Access requests and approvals, access reviews, and the audit log's questions. */
@Module({})
export class RequestsModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: RequestsModule,
      controllers: [AccessRequestsController, AccessReviewsController, AuditQuestionsController],
      providers: [
        AccessRequestRepository,
        AccessReviewRepository,
        AccessRuleSetRepository,
        AccountRepository,
        AuditLogRepository,
        EmploymentRepository,
        RunLockRepository,
        GroupCatalogue,
        DirectoryGroupsGateway,
        AccessGrantsService,
        AccessRequestsService,
        AccessReviewsService,
        AuditQuestionsService,
        RequestsScheduler,
        { provide: LEAVER_GRANTS, useExisting: AccessRequestsService },
        { provide: IDENTITY_OPTIONS, useValue: identityOptionsFrom(config) },
        { provide: DirectoryClient, useFactory: () => new DirectoryClient(directorySettings(config)) },
      ],
      exports: [LEAVER_GRANTS],
    };
  }
}
