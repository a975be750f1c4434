import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CustomerRepository, EmploymentRepository, hrFeedSchema, SnapshotRepository } from '@itops/hr-feed/data-access';
import { ServiceCoreModule } from '@itops/shared/service';
import { BookSubstitute } from './bookings/book-substitute.use-case';
import { BookingsController } from './bookings/bookings.controller';
import { CancelBooking } from './bookings/cancel-booking.use-case';
import { CLOCK } from './clock';
import { CustomersController } from './customers/customers.controller';
import { EmploymentsController } from './employments/employments.controller';
import { EndEmployment } from './employments/end-employment.use-case';
import { PushEmployment } from './employments/push-employment.use-case';
import { PushedChangeApplier } from './employments/pushed-change-applier.service';
import { HR_FEED_SETTINGS, HrFeedConfig, hrFeedSettings } from './hr-feed.config';
import { HrFeedErrorInterceptor } from './hr-feed-error.interceptor';
import { ApproveSnapshot } from './snapshots/approve-snapshot.use-case';
import { ImportSnapshot } from './snapshots/import-snapshot.use-case';
import { SnapshotApplier } from './snapshots/snapshot-applier.service';
import { SnapshotsController } from './snapshots/snapshots.controller';

@Module({})
export class AppModule {
  static register(config: HrFeedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot({ name: 'hr-feed', config, schema: hrFeedSchema, relayLockKey: 5101 })],
      controllers: [CustomersController, SnapshotsController, EmploymentsController, BookingsController],
      providers: [
        CustomerRepository,
        EmploymentRepository,
        SnapshotRepository,
        SnapshotApplier,
        ImportSnapshot,
        ApproveSnapshot,
        PushedChangeApplier,
        PushEmployment,
        EndEmployment,
        BookSubstitute,
        CancelBooking,
        { provide: HR_FEED_SETTINGS, useValue: hrFeedSettings(config) },
        { provide: CLOCK, useValue: () => new Date() },
        { provide: APP_INTERCEPTOR, useClass: HrFeedErrorInterceptor },
      ],
    };
  }
}
