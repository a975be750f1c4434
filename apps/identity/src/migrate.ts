import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { identitySchema } from '@itops/identity/data-access';
import { loadIdentityConfig } from './identity.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadIdentityConfig()), identitySchema).then(
  (applied) => {
    console.error(applied.length ? `identity: applied ${applied.join(', ')}` : 'identity: schema is current');
  },
  (error: unknown) => {
    console.error(`identity: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
