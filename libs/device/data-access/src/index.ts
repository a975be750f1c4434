import { CreateOutboxAndInbox1763800000000 } from '@itops/shared/messaging';
import type { ServiceSchema } from '@itops/shared/persistence';
import { CreateDeviceUser1763800000400 } from './migrations/1763800000400-CreateDeviceUser';
import { CreateDevices1763800000710 } from './migrations/1763800000710-CreateDevices';

export * from './device-user.repository';
export * from './device.repository';
export * from './lock-keys';

export const deviceSchema: ServiceSchema = {
  entities: [],
  migrations: [CreateOutboxAndInbox1763800000000, CreateDeviceUser1763800000400, CreateDevices1763800000710],
};
