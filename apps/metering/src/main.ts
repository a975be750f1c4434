import { telemetry } from './instrument';
import { Topics } from '@itops/shared/contracts';
import { bootstrapService, connectEventHandlers } from '@itops/shared/service';
import { AppModule } from './app.module';
import { loadMeteringConfig } from './metering.config';

const config = loadMeteringConfig();

void bootstrapService({
  name: 'metering',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  logLevel: config.ITOPS_LOG_LEVEL,
  configure: (app) => connectEventHandlers(app, 'metering', [Topics.identityAccount, Topics.hrEmployment, Topics.licenceAssignment, Topics.deviceDevice], {
      batchSize: config.ITOPS_METERING_CONSUMER_BATCH_SIZE,
    }),
});
