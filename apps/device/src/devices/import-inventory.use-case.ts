import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { stockholmDate } from '@itops/shared/calendar';
import { collectOutbox } from '@itops/shared/messaging';
import { Device, DeviceRepository, NewImportedDevice } from '@itops/device/data-access';
import { matchInventory, parseInventory, type RejectedRow } from '@itops/device/domain';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';
import { DeviceLifecycle, offeringCodeOf } from '../lifecycle/device-lifecycle.service';

export interface InventoryImportResult {
  /** Rows read without a problem and matched. */
  accepted: number;
  /** Devices new to the service: assigned to the matched account, or in stock without a user. */
  created: number;
  /** New serial numbers that fulfilled an order of their primary user (same type): the order is delivered. */
  delivered: number;
  /** Known devices whose inventory fields and last check-in were updated. */
  updated: number;
  /** Rows not imported, with line, column and reason (bad fields, duplicate serials, unknown users). */
  rejected: RejectedRow[];
  /**
   * Known devices whose primary user in the export is not their holder here. The holder is not
   * changed by an import (that is an assign or a return); these are for IT operations to look at.
   */
  holderDiffers: Array<{ line: number; serialNumber: string; exportUser: string; holderAccountId: string | null }>;
}

/**
 * Imports a device export from the management system (Intune/ConfigMgr): all good rows are
 * applied in one transaction, so a file is imported whole or (on a database error) not at all;
 * bad rows are reported and left out.
 */
@Injectable()
export class ImportInventory {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly lifecycle: DeviceLifecycle,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  async execute(bytes: Buffer, operator: string, correlationId?: string): Promise<InventoryImportResult> {
    const parsed = parseInventory(bytes);
    const today = stockholmDate(this.options.now());
    return this.devices.transaction(async (manager) => {
      // A first import announces tens of thousands of devices: their outbox rows go in with one
      // statement at the end of the transaction instead of one each.
      const flushOutbox = collectOutbox(manager);
      const upns = [...new Set(parsed.rows.map((r) => r.primaryUserUpn).filter((u) => u !== ''))];
      const { matched, rejected } = matchInventory(parsed.rows, await this.devices.accountsByUpn(manager, upns));
      const known = await this.devices.knownBySerial(manager, matched.map((r) => r.serialNumber));
      const offerings = await this.devices.offerings(manager);
      // A joiner's ordered PC that shows up in the export with the joiner as primary user is that order, delivered.
      const orders = await this.devices.openOrders(manager, [...new Set(matched.filter((r) => r.account && !known.has(r.serialNumber)).map((r) => r.account?.accountId as string))]);
      const deliveries: Array<{ order: Device; row: (typeof matched)[number] }> = [];
      const created: NewImportedDevice[] = [];
      const holderDiffers: InventoryImportResult['holderDiffers'] = [];
      for (const row of matched) {
        const existing = known.get(row.serialNumber);
        if (existing) {
          if (row.account && row.account.accountId !== existing.accountId) {
            holderDiffers.push({ line: row.line, serialNumber: row.serialNumber, exportUser: row.primaryUserUpn, holderAccountId: existing.accountId });
          }
          continue;
        }
        const order = row.account ? orders.find((o) => o.accountId === row.account?.accountId && o.deviceType === row.deviceType && !deliveries.some((d) => d.order.id === o.id)) : undefined;
        if (order) {
          deliveries.push({ order, row });
          continue;
        }
        created.push({
          id: uuidv7(),
          serialNumber: row.serialNumber,
          deviceName: row.deviceName,
          deviceType: row.deviceType,
          model: row.model,
          manufacturer: row.manufacturer,
          os: row.os,
          osVersion: row.osVersion,
          status: row.account ? 'ASSIGNED' : 'IN_STOCK',
          accountId: row.account?.accountId ?? null,
          customerCode: row.account?.customerCode ?? null,
          lastSeenAt: row.lastCheckIn,
        });
      }
      const cause = `import by ${operator}`;
      await this.devices.insertImported(manager, created, today, cause);
      for (const { order, row } of deliveries) {
        await this.lifecycle.step({ manager, effectiveDate: today, cause, correlationId }, order, 'deliver', { serialNumber: row.serialNumber, model: row.model || order.model }, offerings);
      }
      const delivered = new Set(deliveries.map((d) => d.row.serialNumber));
      await this.devices.updateInventory(
        manager,
        matched
          .filter((row) => known.has(row.serialNumber) || delivered.has(row.serialNumber))
          .map((row) => ({ serialNumber: row.serialNumber, deviceName: row.deviceName, model: row.model, manufacturer: row.manufacturer, os: row.os, osVersion: row.osVersion, lastSeenAt: row.lastCheckIn })),
      );
      const assigned = created.filter((d) => d.accountId && d.customerCode);
      await this.devices.openAssignments(
        manager,
        assigned.map((d) => ({
          id: uuidv7(),
          deviceId: d.id,
          accountId: d.accountId as string,
          customerCode: d.customerCode as string,
          offeringCode: offeringCodeOf(offerings, d),
          validFrom: today,
        })),
      );
      for (const device of assigned) await this.lifecycle.announce({ manager, effectiveDate: today, correlationId }, device, offerings);
      await flushOutbox();
      return {
        accepted: matched.length,
        created: created.length,
        delivered: deliveries.length,
        updated: matched.length - created.length - deliveries.length,
        rejected: [...parsed.rejected, ...rejected].sort((a, b) => a.line - b.line),
        holderDiffers,
      };
    });
  }
}
