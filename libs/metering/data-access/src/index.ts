import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { HeadcountEmploymentRow } from './headcount-employment.entity';
import { LedgerItem } from './ledger-item.entity';
import { CreateLedger1763800000100 } from './migrations/1763800000100-CreateLedger';
import { AddOneCloseIndexToLedger1763800000600 } from './migrations/1763800000600-AddOneCloseIndexToLedger';
import { CreateHeadcountEmployments1763800000610 } from './migrations/1763800000610-CreateHeadcountEmployments';
import { AddUnitCostToLedger1763800000700 } from './migrations/1763800000700-AddUnitCostToLedger';

export * from './ledger-item.entity';
export * from './ledger.repository';
export * from './headcount-employment.entity';
export * from './headcount.repository';

export const meteringSchema: ServiceSchema = {
  entities: [LedgerItem, HeadcountEmploymentRow],
  migrations: [
    CreateOutboxAndInbox1763800000000,
    CreateLedger1763800000100,
    AddOneCloseIndexToLedger1763800000600,
    CreateHeadcountEmployments1763800000610,
    AddUnitCostToLedger1763800000700,
  ],
};
