import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query, UseInterceptors } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { addDays, stockholmDate } from '@itops/shared/calendar';
import { DomainCodes } from '@itops/shared/service';
import { Device, DeviceRepository } from '@itops/device/data-access';
import { parseLeases, parseOfferings, type DeviceOffering, type RejectedRow } from '@itops/device/domain';
import { deviceStatusByCode } from '../device-http.codes';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';
import { csvBody } from '../devices/devices.controller';
import { LeaseCheck, LeaseCheckResult } from '../leases/lease-check.use-case';

/** The fee table (device offerings), the lease contracts and the lease-end check. */
@Controller('v1')
@UseInterceptors(new DomainCodes(deviceStatusByCode))
export class CatalogueController {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly leaseCheck: LeaseCheck,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  /** Imports the monthly fee per device type (and model): offering_code;device_type;model;monthly_fee_sek. */
  @Post('offerings')
  @HttpCode(200)
  @Roles(Role.Operator)
  async importOfferings(@Body() body: unknown): Promise<{ accepted: number; rejected: RejectedRow[] }> {
    const { offerings, rejected } = parseOfferings(csvBody(body, 'device fee table'));
    await this.devices.saveOfferings(offerings);
    return { accepted: offerings.length, rejected };
  }

  @Get('offerings')
  @Roles(Role.Operator, Role.ServiceDesk, Role.Auditor, Role.CustomerViewer)
  async offerings(): Promise<{ offerings: DeviceOffering[] }> {
    return { offerings: await this.devices.offerings() };
  }

  /** Imports lease contracts: contract_id,supplier,start_date,term_months[,serial_number]. */
  @Post('leases')
  @HttpCode(200)
  @Roles(Role.Operator)
  async importLeases(@Body() body: unknown): Promise<{ accepted: number; contracts: number; devices: number; rejected: RejectedRow[]; unknownSerials: Array<{ serialNumber: string; contractId: string }> }> {
    const { leases, rejected } = parseLeases(csvBody(body, 'lease contract file'));
    const saved = await this.devices.saveLeases(leases);
    return { accepted: leases.length, ...saved, rejected };
  }

  /** Devices in use whose lease ends within `days` (default: the configured warning days), or has ended. */
  @Get('lease-ending')
  @Roles(Role.Operator, Role.ServiceDesk, Role.Auditor)
  async leaseEnding(@Query('days') days?: string): Promise<{ asOf: string; until: string; devices: Device[] }> {
    if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new BadRequestException(`days "${days}" is not a number of days; expected 0-9999`);
    const asOf = stockholmDate(this.options.now());
    const until = addDays(asOf, days === undefined ? this.options.leaseWarningDays : Number(days));
    return { asOf, until, devices: await this.devices.leaseEnding(until) };
  }

  /** Runs the lease-end check now (it also runs on its schedule). */
  @Post('lease-checks')
  @HttpCode(200)
  @Roles(Role.Operator)
  async runLeaseCheck(): Promise<LeaseCheckResult> {
    return this.leaseCheck.execute();
  }
}
