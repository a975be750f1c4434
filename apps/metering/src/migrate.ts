import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { meteringSchema } from '@itops/metering/data-access';
import { loadMeteringConfig } from './metering.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadMeteringConfig()), meteringSchema).then(
  (applied) => {
    console.error(applied.length ? `metering: applied ${applied.join(', ')}` : 'metering: schema is current');
  },
  (error: unknown) => {
    console.error(`metering: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
