import { telemetry } from './instrument';
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
  configure: (app) => connectEventHandlers(app, 'device', [Topics.hrEmployment, Topics.identityAccount]),
});
