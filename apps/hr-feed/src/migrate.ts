import { postgresSettings } from '@itops/shared/config';
import { runMigrations } from '@itops/shared/persistence';
import { hrFeedSchema } from '@itops/hr-feed/data-access';
import { loadHrFeedConfig } from './hr-feed.config';

// The migrate entry: applies pending migrations and exits (a Helm hook Job; `itops stack up` locally).
void runMigrations(postgresSettings(loadHrFeedConfig()), hrFeedSchema).then(
  (applied) => {
    console.error(applied.length ? `hr-feed: applied ${applied.join(', ')}` : 'hr-feed: schema is current');
  },
  (error: unknown) => {
    console.error(`hr-feed: migration failed: ${String(error)}`);
    process.exit(1);
  },
);
