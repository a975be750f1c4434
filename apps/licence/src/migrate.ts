import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { licenceSchema } from '@itops/licence/data-access';
import { loadLicenceConfig } from './licence.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadLicenceConfig()), licenceSchema).then(
  (applied) => {
    console.error(applied.length ? `licence: applied ${applied.join(', ')}` : 'licence: schema is current');
  },
  (error: unknown) => {
    console.error(`licence: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
