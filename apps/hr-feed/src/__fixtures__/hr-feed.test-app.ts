import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hrFeedSchema } from '@itops/hr-feed/data-access';
import { loadConfig } from '@itops/shared/config';
import { DataSource, runMigrations } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { createTestDatabase, personnummerFor, startDevIssuer, type StartedDevIssuer } from '@itops/shared/testing';
import { AppModule } from '../app.module';
import { CLOCK, Clock } from '../clock';
import { hrFeedConfigSchema } from '../hr-feed.config';
import { useSnapshotUploadParser } from '../snapshots/snapshot-upload.body-parser';


/** A valid personnummer (12 digits) for a birth date and a serial number, with its Luhn check digit. */
export const personnummer = personnummerFor;


export interface HrFeedTestApp {
  app: INestApplication;
  dataSource: DataSource;
  issuerUrl: string;
  close(): Promise<void>;
}

/**
 * hr-feed on its own fresh database of the local stack (real migrations, real Kafka through the
 * outbox), with its own dev issuer, as an integration spec needs it. `clock` fixes "now" if given.
 */
export async function startHrFeedTestApp(options: { personIdSecret: string; clock?: Clock; env?: Record<string, string> }): Promise<HrFeedTestApp> {
  const db = await createTestDatabase('itops_t_hr');
  const stateDir = mkdtempSync(join(tmpdir(), 'itops-hr-feed-spec-'));
  let issuer: StartedDevIssuer | undefined;
  let app: INestApplication | undefined;
  const cleanUp = async () => {
    await app?.close();
    await db.drop();
    issuer?.child.kill('SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await runMigrations(db.pg, hrFeedSchema);
    issuer = await startDevIssuer(stateDir);
    const config = loadConfig(hrFeedConfigSchema, {
      ...process.env,
      ITOPS_PG_DATABASE: db.pg.database,
      ITOPS_OIDC_ISSUER: issuer.url,
      ITOPS_OIDC_JWKS_URL: `${issuer.url}/jwks.json`,
      ITOPS_HR_PERSON_ID_SECRET: options.personIdSecret,
      ...options.env,
    });
    let builder = Test.createTestingModule({ imports: [AppModule.register(config)] });
    if (options.clock) builder = builder.overrideProvider(CLOCK).useValue(options.clock);
    const moduleRef = await builder.compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'hr-feed', level: 'silent' })));
    useSnapshotUploadParser(app);
    await app.init();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { app, dataSource: app.get(DataSource), issuerUrl: issuer.url, close: cleanUp };
}
