import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { BillingRepository, BillingRunRepository, billingSchema, CostEntryRepository } from '@itops/billing/data-access';
import type { BillingConfig } from './billing.config';
import { CatalogueController } from './catalogue/catalogue.controller';
import { ForecastController } from './forecast/forecast.controller';
import { ForecastYear } from './forecast/forecast-year.use-case';
import { BillingRun, HEADCOUNT_OFFERING } from './runs/billing-run.use-case';
import { ExportRun } from './runs/export-run.use-case';
import { IssueRun } from './runs/issue-run.use-case';
import { RunsController } from './runs/runs.controller';
import { UsageRecordedConsumer } from './usage/usage-recorded.consumer';

@Module({})
export class AppModule {
  static register(config: BillingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'billing', config, schema: billingSchema, relayLockKey: 5106 })],
      controllers: [CatalogueController, RunsController, ForecastController, UsageRecordedConsumer],
      providers: [
        BillingRepository,
        BillingRunRepository,
        CostEntryRepository,
        BillingRun,
        IssueRun,
        ExportRun,
        ForecastYear,
        { provide: HEADCOUNT_OFFERING, useValue: config.ITOPS_BILLING_HEADCOUNT_OFFERING },
      ],
    };
  }
}
