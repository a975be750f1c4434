import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CreateLicenceHolder1763800000300 } from './migrations/1763800000300-CreateLicenceHolder';
import { CreateLicenceAssignments1763800000310 } from './migrations/1763800000310-CreateLicenceAssignments';

export * from './licence-holder.repository';
export * from './catalogue.repository';
export * from './assignment.repository';
export * from './usage-activity.repository';
export * from './licence-audit.repository';
export * from './lock-keys';

export const licenceSchema: ServiceSchema = {
  entities: [],
  migrations: [CreateOutboxAndInbox1763800000000, CreateLicenceHolder1763800000300, CreateLicenceAssignments1763800000310],
};
