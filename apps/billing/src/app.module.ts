import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { BillingRepository, billingSchema } from '@itops/billing/data-access';
import type { BillingConfig } from './billing.config';
import { BillingRun } from './billing/billing-run.use-case';
import { BillingController } from './billing/billing.controller';
import { UsageRecordedConsumer } from './usage/usage-recorded.consumer';

@Module({})
export class AppModule {
  static register(config: BillingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'billing', config, schema: billingSchema, relayLockKey: 5106 })],
      controllers: [BillingController, UsageRecordedConsumer],
      providers: [BillingRepository, BillingRun],
    };
  }
}
