import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { DeviceRepository, DeviceUserRepository, deviceSchema } from '@itops/device/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { DeviceUserConsumer } from './accounts/device-user.consumer';
import { DeviceUsersController } from './accounts/device-users.controller';
import { CatalogueController } from './catalogue/catalogue.controller';
import type { DeviceConfig } from './device.config';
import { DEVICE_OPTIONS, deviceOptions } from './device.options';
import { DeviceOperations } from './devices/device-operations.use-case';
import { DeviceReports } from './devices/device-reports.use-case';
import { DevicesController } from './devices/devices.controller';
import { ImportInventory } from './devices/import-inventory.use-case';
import { LeaseCheckScheduler } from './leases/lease-check.scheduler';
import { LeaseCheck } from './leases/lease-check.use-case';
import { DeviceEntitlements } from './lifecycle/device-entitlements.use-case';
import { DeviceEventsConsumer } from './lifecycle/device-events.consumer';
import { DeviceLifecycle } from './lifecycle/device-lifecycle.service';
import { LeaverReturns } from './lifecycle/leaver-returns.use-case';

@Module({})
export class AppModule {
  static register(config: DeviceConfig, now?: () => Date): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'device', config, schema: deviceSchema, relayLockKey: 5104 })],
      controllers: [DeviceUsersController, DevicesController, CatalogueController, DeviceUserConsumer, DeviceEventsConsumer],
      providers: [
        DeviceUserRepository,
        DeviceRepository,
        RunLockRepository,
        DeviceLifecycle,
        DeviceEntitlements,
        LeaverReturns,
        ImportInventory,
        DeviceOperations,
        DeviceReports,
        LeaseCheck,
        LeaseCheckScheduler,
        { provide: DEVICE_OPTIONS, useValue: deviceOptions(config, now) },
      ],
    };
  }
}
