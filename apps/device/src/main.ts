import { telemetry } from './instrument';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@itops/shared/contracts';
import { bootstrapService, connectEventHandlers } from '@itops/shared/service';
import { AppModule } from './app.module';
import { loadDeviceConfig } from './device.config';

const config = loadDeviceConfig();

void bootstrapService({
  name: 'device',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  logLevel: config.ITOPS_LOG_LEVEL,
  configure: (app) => {
    // Device exports, fee tables and lease files arrive as CSV bytes.
    (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv', 'application/octet-stream'], limit: '100mb' });
    connectEventHandlers(app, 'device', [Topics.hrEmployment, Topics.identityAccount, Topics.identityEntitlement]);
  },
});
