import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CurrentEmployment } from './current-employment.entity';
import { Customer } from './customer.entity';
import { CreateCustomers1763800000100 } from './migrations/1763800000100-CreateCustomers';
import { CreateSnapshots1763800000200 } from './migrations/1763800000200-CreateSnapshots';
import { CreateEmployments1763800000300 } from './migrations/1763800000300-CreateEmployments';
import { AddPushedChangesAndBookings1763800000400 } from './migrations/1763800000400-AddPushedChangesAndBookings';
import { AddScopeToSnapshots1763800000500 } from './migrations/1763800000500-AddScopeToSnapshots';
import { PushedChange } from './pushed-change.entity';
import { Snapshot } from './snapshot.entity';

export * from './customer.entity';
export * from './customer.repository';
export * from './current-employment.entity';
export * from './employment.repository';
export * from './pushed-change.entity';
export * from './snapshot.entity';
export * from './snapshot.repository';

export const hrFeedSchema: ServiceSchema = {
  entities: [Customer, Snapshot, CurrentEmployment, PushedChange],
  migrations: [
    CreateOutboxAndInbox1763800000000,
    CreateCustomers1763800000100,
    CreateSnapshots1763800000200,
    CreateEmployments1763800000300,
    AddPushedChangesAndBookings1763800000400,
    AddScopeToSnapshots1763800000500,
  ],
};
