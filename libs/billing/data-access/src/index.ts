import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CreateBilling1763800000200 } from './migrations/1763800000200-CreateBilling';
import { CreateCustomers1763800000300 } from './migrations/1763800000300-CreateCustomers';
import { AddAgreementsIssueAndCosts1763800000600 } from './migrations/1763800000600-AddAgreementsIssueAndCosts';
import { AddUnitCostToUsageItems1763800000700 } from './migrations/1763800000700-AddUnitCostToUsageItems';

export * from './billing.repository';
export * from './billing-run.repository';
export * from './cost-entry.repository';

export const billingSchema: ServiceSchema = {
  entities: [],
  migrations: [
    CreateOutboxAndInbox1763800000000,
    CreateBilling1763800000200,
    CreateCustomers1763800000300,
    AddAgreementsIssueAndCosts1763800000600,
    AddUnitCostToUsageItems1763800000700,
  ],
};
