import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Booking } from './booking.entity';
import { Employment } from './employment.entity';
import { CreatePersonsEmploymentsAndAccounts1763800000100 } from './migrations/1763800000100-CreatePersonsEmploymentsAndAccounts';
import { CreateAuditLog1763800000200 } from './migrations/1763800000200-CreateAuditLog';
import { AddAccountLifecycle1763800000300 } from './migrations/1763800000300-AddAccountLifecycle';
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
export * from './run-lock.repository';

export const identitySchema: ServiceSchema = {
  entities: [Person, Employment, Booking, Account, AuditEntry, MoverTransitionRecord],
  migrations: [
    CreateOutboxAndInbox1763800000000,
    CreatePersonsEmploymentsAndAccounts1763800000100,
    CreateAuditLog1763800000200,
    AddAccountLifecycle1763800000300,
  ],
};
