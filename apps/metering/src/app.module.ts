import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { LedgerRepository, meteringSchema } from '@itops/metering/data-access';
import type { MeteringConfig } from './metering.config';
import { AccountChangedConsumer } from './usage/account-changed.consumer';
import { LedgerController } from './usage/ledger.controller';
import { ACCOUNT_OFFERING, RecordAccountUsage } from './usage/record-account-usage.use-case';

@Module({})
export class AppModule {
  static register(config: MeteringConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'metering', config, schema: meteringSchema, relayLockKey: 5105 })],
      controllers: [LedgerController, AccountChangedConsumer],
      providers: [LedgerRepository, RecordAccountUsage, { provide: ACCOUNT_OFFERING, useValue: config.ITOPS_METERING_ACCOUNT_OFFERING }],
    };
  }
}
