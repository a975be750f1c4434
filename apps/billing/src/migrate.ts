import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { billingSchema } from '@itops/billing/data-access';
import { loadBillingConfig } from './billing.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadBillingConfig()), billingSchema).then(
  (applied) => {
    console.error(applied.length ? `billing: applied ${applied.join(', ')}` : 'billing: schema is current');
  },
  (error: unknown) => {
    console.error(`billing: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
