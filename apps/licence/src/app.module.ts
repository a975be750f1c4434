import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { LicenceHolderRepository, licenceSchema } from '@itops/licence/data-access';
import type { LicenceConfig } from './licence.config';
import { AccountChangedConsumer } from './accounts/account-changed.consumer';
import { HoldersController } from './accounts/holders.controller';

@Module({})
export class AppModule {
  static register(config: LicenceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'licence', config, schema: licenceSchema, relayLockKey: 5103 })],
      controllers: [HoldersController, AccountChangedConsumer],
      providers: [LicenceHolderRepository],
    };
  }
}
