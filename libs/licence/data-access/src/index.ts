import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CreateLicenceHolder1763800000300 } from './migrations/1763800000300-CreateLicenceHolder';

export * from './licence-holder.repository';

export const licenceSchema: ServiceSchema = {
  entities: [],
  migrations: [CreateOutboxAndInbox1763800000000, CreateLicenceHolder1763800000300],
};
