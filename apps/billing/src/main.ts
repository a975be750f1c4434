import { telemetry } from './instrument';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@itops/shared/contracts';
import { bootstrapService, connectEventHandlers } from '@itops/shared/service';
import { AppModule } from './app.module';
import { loadBillingConfig } from './billing.config';

const config = loadBillingConfig();

void bootstrapService({
  name: 'billing',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  logLevel: config.ITOPS_LOG_LEVEL,
  configure: (app) => {
    // Price lists and customer files arrive as CSV bytes.
    (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv', 'application/octet-stream'], limit: '50mb' });
    connectEventHandlers(app, 'billing', [Topics.meteringUsage]);
  },
});
