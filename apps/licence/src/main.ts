import { telemetry } from './instrument';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@itops/shared/contracts';
import { bootstrapService, connectEventHandlers } from '@itops/shared/service';
import { AppModule } from './app.module';
import { loadLicenceConfig } from './licence.config';

const config = loadLicenceConfig();

void bootstrapService({
  name: 'licence',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  logLevel: config.ITOPS_LOG_LEVEL,
  configure: (app) => {
    // Usage exports of the whole city (57,000 users) are several MB of CSV, or of Graph JSON.
    (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv', 'application/octet-stream'], limit: '100mb' });
    (app as NestExpressApplication).useBodyParser('json', { limit: '100mb' });
    connectEventHandlers(app, 'licence', [Topics.identityAccount, Topics.identityEntitlement, Topics.identityActivity, Topics.hrEmployment]);
  },
});
