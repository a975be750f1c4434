import { Injectable } from '@nestjs/common';
import { AccountChanged, AccountEvent } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { DeviceRepository, DeviceUserRepository } from '@itops/device/data-access';
import { DeviceLifecycle } from './device-lifecycle.service';

/**
 * An account from identity: remembered (with its UPN, for matching device exports), and when it
 * is disabled or deleted (a leaver, disabled at the end of the last day) every device it holds
 * or has on order gets a return request from that day.
 */
@Injectable()
export class LeaverReturns {
  constructor(
    private readonly users: DeviceUserRepository,
    private readonly devices: DeviceRepository,
    private readonly lifecycle: DeviceLifecycle,
  ) {}

  async execute(event: AccountChanged, ctx: EventContext): Promise<string[]> {
    await this.users.recordAccount(ctx.manager, event.personId, event.accountId, event.customerCode, event.enabled, event.userPrincipalName);
    if (event.kind !== AccountEvent.DISABLED && event.kind !== AccountEvent.DELETED) return [];
    const held = await this.devices.ofAccount(ctx.manager, event.accountId, ['ORDERED', 'ASSIGNED', 'REASSIGNED']);
    for (const device of held) {
      await this.lifecycle.step(
        { manager: ctx.manager, effectiveDate: event.effectiveDate, cause: `account ${event.kind === AccountEvent.DELETED ? 'deleted' : 'disabled'}`, correlationId: ctx.correlationId, causationId: ctx.eventId },
        device,
        'request-return',
      );
    }
    return held.map((d) => d.id);
  }
}
