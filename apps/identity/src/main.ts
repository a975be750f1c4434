import { telemetry } from './instrument';
import { Topics } from '@itops/shared/contracts';
import { bootstrapService, connectEventHandlers } from '@itops/shared/service';
import { AppModule } from './app.module';
import { loadIdentityConfig } from './identity.config';

const config = loadIdentityConfig();

void bootstrapService({
  name: 'identity',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  configure: (app) => connectEventHandlers(app, 'identity', [Topics.hrEmployment]),
});
