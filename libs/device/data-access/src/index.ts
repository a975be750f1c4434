import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CreateDeviceUser1763800000400 } from './migrations/1763800000400-CreateDeviceUser';

export * from './device-user.repository';

export const deviceSchema: ServiceSchema = {
  entities: [],
  migrations: [CreateOutboxAndInbox1763800000000, CreateDeviceUser1763800000400],
};
