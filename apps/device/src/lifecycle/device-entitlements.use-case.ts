import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EntitlementAction, EntitlementChanged, EntitlementKind } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { DeviceRepository } from '@itops/device/data-access';
import { HELD_STATUSES, isDeviceType } from '@itops/device/domain';
import { DeviceLifecycle } from './device-lifecycle.service';

export interface EntitlementOutcome {
  ordered: string[];
  returnRequested: string[];
}

/**
 * A DEVICE entitlement from identity (a role that needs a PC, an approved request): GRANTED
 * orders a device of that type for the account and its paying customer, unless the account
 * already has one on order or in hand (redelivery and a second role granting the same type
 * order nothing); REVOKED requests the return of the account's devices of that type.
 */
@Injectable()
export class DeviceEntitlements {
  private readonly logger = new Logger(DeviceEntitlements.name);

  constructor(
    private readonly devices: DeviceRepository,
    private readonly lifecycle: DeviceLifecycle,
  ) {}

  async execute(event: EntitlementChanged, ctx: EventContext): Promise<EntitlementOutcome> {
    const outcome: EntitlementOutcome = { ordered: [], returnRequested: [] };
    if (event.kind !== EntitlementKind.DEVICE) return outcome;
    const type = event.code.toUpperCase();
    if (!isDeviceType(type)) {
      // A code the service has no devices for is not an error of the message: nothing to order.
      this.logger.warn({ msg: 'device entitlement for an unknown device type ignored', code: event.code, eventId: ctx.eventId });
      return outcome;
    }
    const held = await this.devices.ofAccount(ctx.manager, event.accountId, HELD_STATUSES, type);
    if (event.action === EntitlementAction.GRANTED) {
      if (held.some((d) => d.status !== 'RETURN_REQUESTED')) return outcome;
      const id = uuidv7();
      await this.devices.insertOrder(ctx.manager, { id, deviceType: type, accountId: event.accountId, customerCode: event.customerCode, date: event.effectiveDate, cause: event.cause });
      await this.devices.appendHistory(ctx.manager, id, {
        status: 'ORDERED',
        accountId: event.accountId,
        customerCode: event.customerCode,
        effectiveDate: event.effectiveDate,
        cause: `entitlement:${event.cause}`,
      });
      outcome.ordered.push(id);
    } else if (event.action === EntitlementAction.REVOKED) {
      for (const device of held.filter((d) => d.status !== 'RETURN_REQUESTED')) {
        await this.lifecycle.step(
          { manager: ctx.manager, effectiveDate: event.effectiveDate, cause: `entitlement revoked:${event.cause}`, correlationId: ctx.correlationId, causationId: ctx.eventId },
          device,
          'request-return',
        );
        outcome.returnRequested.push(device.id);
      }
    }
    return outcome;
  }
}
