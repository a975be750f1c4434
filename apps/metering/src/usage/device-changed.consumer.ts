import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeviceChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { RecordDeviceUsage } from './record-device-usage.use-case';

@Controller()
export class DeviceChangedConsumer {
  constructor(private readonly recordDeviceUsage: RecordDeviceUsage) {}

  @EventPattern('device.device.v1')
  async handle(@Payload() event: DeviceChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.recordDeviceUsage.execute(event, ctx);
  }
}
