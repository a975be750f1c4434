import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { deviceSchema } from '@itops/device/data-access';
import { loadDeviceConfig } from './device.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadDeviceConfig()), deviceSchema).then(
  (applied) => {
    console.error(applied.length ? `device: applied ${applied.join(', ')}` : 'device: schema is current');
  },
  (error: unknown) => {
    console.error(`device: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
