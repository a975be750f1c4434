import { telemetry } from './instrument';
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
  configure: (app) => connectEventHandlers(app, 'licence', [Topics.identityAccount]),
});
