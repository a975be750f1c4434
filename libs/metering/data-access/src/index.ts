import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { LedgerItem } from './ledger-item.entity';
import { CreateLedger1763800000100 } from './migrations/1763800000100-CreateLedger';

export * from './ledger-item.entity';
export * from './ledger.repository';

export const meteringSchema: ServiceSchema = {
  entities: [LedgerItem],
  migrations: [CreateOutboxAndInbox1763800000000, CreateLedger1763800000100],
};
