import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { DeviceUserRepository, deviceSchema } from '@itops/device/data-access';
import type { DeviceConfig } from './device.config';
import { DeviceUserConsumer } from './accounts/device-user.consumer';
import { DeviceUsersController } from './accounts/device-users.controller';

@Module({})
export class AppModule {
  static register(config: DeviceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'device', config, schema: deviceSchema, relayLockKey: 5104 })],
      controllers: [DeviceUsersController, DeviceUserConsumer],
      providers: [DeviceUserRepository],
    };
  }
}
