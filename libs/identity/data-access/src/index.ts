import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Booking } from './booking.entity';
import { Employment } from './employment.entity';
import { CreatePersonsEmploymentsAndAccounts1763800000100 } from './migrations/1763800000100-CreatePersonsEmploymentsAndAccounts';
import { CreateAuditLog1763800000200 } from './migrations/1763800000200-CreateAuditLog';
import { AddAccountLifecycle1763800000300 } from './migrations/1763800000300-AddAccountLifecycle';
import { ChainAuditLog1763800000500 } from './migrations/1763800000500-ChainAuditLog';
import { CreateAccessRequestsAndReviews1763800000510 } from './migrations/1763800000510-CreateAccessRequestsAndReviews';
import { AddRequestedLicences1763800000520 } from './migrations/1763800000520-AddRequestedLicences';
import { AccessRequest } from './access-request.entity';
import { AccessReview, AccessReviewItem } from './access-review.entity';
import { CreateAccessRuleSets1763800000400 } from './migrations/1763800000400-CreateAccessRuleSets';
import { MoverTransitionRecord } from './mover-transition.entity';
import { Person } from './person.entity';

export * from './person.entity';
export * from './employment.entity';
export * from './booking.entity';
export * from './account.entity';
export * from './audit-entry.entity';
export * from './mover-transition.entity';
export * from './person.repository';
export * from './employment.repository';
export * from './booking.repository';
export * from './account.repository';
export * from './audit-log.repository';
export * from './mover-transition.repository';
export * from './lock-keys';
export * from './access-request.entity';
export * from './access-request.repository';
export * from './access-review.entity';
export * from './access-review.repository';
export * from './access-rule-set.repository';
export * from './access-state.repository';

export const identitySchema: ServiceSchema = {
  entities: [Person, Employment, Booking, Account, AuditEntry, MoverTransitionRecord, AccessRequest, AccessReview, AccessReviewItem],
  migrations: [
    CreateOutboxAndInbox1763800000000,
    CreatePersonsEmploymentsAndAccounts1763800000100,
    CreateAuditLog1763800000200,
    AddAccountLifecycle1763800000300,
    ChainAuditLog1763800000500,
    CreateAccessRequestsAndReviews1763800000510,
    AddRequestedLicences1763800000520,
    CreateAccessRuleSets1763800000400,
  ],
};
