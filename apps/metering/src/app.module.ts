import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@itops/shared/service';
import { HeadcountRepository, LedgerRepository, meteringSchema } from '@itops/metering/data-access';
import { AdjustmentsController } from './adjustments/adjustments.controller';
import { RecordAdjustment } from './adjustments/record-adjustment.use-case';
import { EmploymentChangedConsumer } from './headcount/employment-changed.consumer';
import { HEADCOUNT_OFFERING, RecordHeadcount } from './headcount/record-headcount.use-case';
import type { MeteringConfig } from './metering.config';
import { AccountChangedConsumer } from './usage/account-changed.consumer';
import { DeviceChangedConsumer } from './usage/device-changed.consumer';
import { LicenceAssignmentConsumer } from './usage/licence-assignment.consumer';
import { LedgerController } from './usage/ledger.controller';
import { ACCOUNT_OFFERING, RecordAccountUsage } from './usage/record-account-usage.use-case';
import { DEVICE_OFFERINGS, RecordDeviceUsage } from './usage/record-device-usage.use-case';
import { LICENCE_OFFERINGS, RecordLicenceUsage } from './usage/record-licence-usage.use-case';
import { SubjectUsage } from './usage/subject-usage.service';
import { UsageLedger } from './usage/usage-ledger.service';
import { VolumesController } from './volumes/volumes.controller';

@Module({})
export class AppModule {
  static register(config: MeteringConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'metering', config, schema: meteringSchema, relayLockKey: 5105 })],
      controllers: [
        LedgerController,
        VolumesController,
        AdjustmentsController,
        AccountChangedConsumer,
        EmploymentChangedConsumer,
        LicenceAssignmentConsumer,
        DeviceChangedConsumer,
      ],
      providers: [
        LedgerRepository,
        HeadcountRepository,
        UsageLedger,
        RecordAccountUsage,
        RecordHeadcount,
        RecordAdjustment,
        SubjectUsage,
        RecordLicenceUsage,
        RecordDeviceUsage,
        { provide: ACCOUNT_OFFERING, useValue: config.ITOPS_METERING_ACCOUNT_OFFERING },
        { provide: HEADCOUNT_OFFERING, useValue: config.ITOPS_METERING_HEADCOUNT_OFFERING },
        { provide: LICENCE_OFFERINGS, useValue: config.ITOPS_METERING_LICENCE_OFFERINGS },
        { provide: DEVICE_OFFERINGS, useValue: config.ITOPS_METERING_DEVICE_OFFERINGS },
      ],
    };
  }
}
