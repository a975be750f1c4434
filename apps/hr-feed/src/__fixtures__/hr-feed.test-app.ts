import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { hrFeedSchema } from '@itops/hr-feed/data-access';
import { loadConfig } from '@itops/shared/config';
import { DataSource, runMigrations } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { personnummerFor, startServiceTestStack } from '@itops/shared/testing';
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
  const stack = await startServiceTestStack('itops_t_hr', (pg) => runMigrations(pg, hrFeedSchema));
  let app: INestApplication | undefined;
  const cleanUp = async () => {
    await app?.close();
    await stack.close();
  };
  try {
    const config = loadConfig(hrFeedConfigSchema, {
      ...process.env,
      ...stack.env,
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
  return { app, dataSource: app.get(DataSource), issuerUrl: stack.issuer.url, close: cleanUp };
}
