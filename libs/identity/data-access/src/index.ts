import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Employment } from './employment.entity';
import { CreatePersonsEmploymentsAndAccounts1763800000100 } from './migrations/1763800000100-CreatePersonsEmploymentsAndAccounts';
import { CreateAuditLog1763800000200 } from './migrations/1763800000200-CreateAuditLog';
import { Person } from './person.entity';

export * from './person.entity';
export * from './employment.entity';
export * from './account.entity';
export * from './audit-entry.entity';
export * from './person.repository';
export * from './employment.repository';
export * from './account.repository';
export * from './audit-log.repository';

export const identitySchema: ServiceSchema = {
  entities: [Person, Employment, Account, AuditEntry],
  migrations: [CreateOutboxAndInbox1763800000000, CreatePersonsEmploymentsAndAccounts1763800000100, CreateAuditLog1763800000200],
};
