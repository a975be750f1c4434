import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { isCalendarDate } from '@itops/shared/calendar';
import { DomainCodes } from '@itops/shared/service';
import { Device, DeviceAssignment, DeviceHistoryEntry, DeviceRepository, LeaseContract } from '@itops/device/data-access';
import { DEVICE_STEPS, isDeviceStatus, type Circularity, type DeviceStep } from '@itops/device/domain';
import { deviceStatusByCode } from '../device-http.codes';
import { DeviceReports, InactiveReport } from './device-reports.use-case';
import { DeviceOperations, OperationInput } from './device-operations.use-case';
import { ImportInventory, InventoryImportResult } from './import-inventory.use-case';

const READERS = [Role.Operator, Role.ServiceDesk, Role.Auditor, Role.CustomerViewer] as const;
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;

export function csvBody(body: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestException(`send the ${what} as the request body with Content-Type: text/csv`);
  return body;
}

function customerParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!CUSTOMER_CODE.test(value)) throw new BadRequestException(`customer "${value}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
  return value;
}

/** A customer-viewer sees its own customers only, so it must name one. */
function checkViewer(user: AuthUser, customer: string | undefined): void {
  if (customer === undefined) {
    if (!canViewCustomer(user, '*')) throw new ForbiddenException('name one of your customers with ?customer=<code>');
    return;
  }
  if (!canViewCustomer(user, customer)) throw new ForbiddenException(`you may not see customer ${customer}`);
}

/** Devices (Klient som tjänst): imports, lists, lifecycle steps and the reports on them. */
@Controller('v1/devices')
@UseInterceptors(new DomainCodes(deviceStatusByCode))
export class DevicesController {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly importInventory: ImportInventory,
    private readonly operations: DeviceOperations,
    private readonly reports: DeviceReports,
  ) {}

  /** Imports a device export (Intune/ConfigMgr CSV); bad rows and unknown users are reported, good rows kept. */
  @Post('imports')
  @HttpCode(200)
  @Roles(Role.Operator)
  async import(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<InventoryImportResult> {
    return this.importInventory.execute(csvBody(body, 'device export'), user.subject);
  }

  @Get()
  @Roles(...READERS)
  async list(
    @CurrentUser() user: AuthUser,
    @Query('customer') customer?: string,
    @Query('status') status?: string,
    @Query('account') account?: string,
  ): Promise<{ devices: Device[] }> {
    const customerCode = customerParam(customer);
    checkViewer(user, customerCode);
    if (status !== undefined && !isDeviceStatus(status)) throw new BadRequestException(`status "${status}" is not a device status; expected ORDERED, IN_STOCK, ASSIGNED, RETURN_REQUESTED, RETURNED, REFURBISHED, REASSIGNED or RECYCLED`);
    return { devices: await this.devices.list({ customerCode, status: status as Device['status'] | undefined, accountId: account || undefined }) };
  }

  /** Billed devices that look unused, per customer, with the monthly fee at stake. */
  @Get('inactive')
  @Roles(...READERS)
  async inactive(@CurrentUser() user: AuthUser, @Query('customer') customer?: string, @Query('days') days?: string): Promise<InactiveReport> {
    const customerCode = customerParam(customer);
    checkViewer(user, customerCode);
    if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new BadRequestException(`days "${days}" is not a number of days; expected 1-9999`);
    return this.reports.inactive(customerCode, days === undefined ? undefined : Number(days));
  }

  /** Reuse rate, average age, recycled vs reassigned, per customer and city-wide. */
  @Get('circularity')
  @Roles(...READERS)
  async circularity(@CurrentUser() user: AuthUser, @Query('customer') customer?: string): Promise<{ asOf: string; customers: Array<{ customer: string } & Circularity>; city: Circularity }> {
    const customerCode = customerParam(customer);
    checkViewer(user, customerCode);
    return this.reports.circularity(customerCode);
  }

  /** The assigned device-days of a customer: the usage facts (customer, offering, device, from, to). */
  @Get('usage')
  @Roles(...READERS)
  async usage(@CurrentUser() user: AuthUser, @Query('customer') customer?: string, @Query('from') from?: string, @Query('to') to?: string): Promise<{ assignments: DeviceAssignment[] }> {
    const customerCode = customerParam(customer);
    if (!customerCode) throw new BadRequestException('customer is missing; expected ?customer=<code>, e.g. N138');
    checkViewer(user, customerCode);
    for (const [name, value] of [['from', from], ['to', to]] as const) {
      if (!value || !isCalendarDate(value)) throw new BadRequestException(`${name} "${value ?? ''}" is not a day; expected YYYY-MM-DD`);
    }
    return { assignments: await this.devices.assignments(customerCode, from as string, to as string) };
  }

  /** One device by id or serial number, with its lease contract and history. */
  @Get(':id')
  @Roles(...READERS)
  async show(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<{ device: Device; lease: LeaseContract | null; history: DeviceHistoryEntry[] }> {
    const device = await this.devices.find(undefined, id);
    if (!device || (device.customerCode === null ? !canViewCustomer(user, '*') : !canViewCustomer(user, device.customerCode))) {
      throw new NotFoundException(`no device has the id or serial number "${id}"`);
    }
    const lease = device.leaseContractId ? ((await this.devices.leaseContract(device.leaseContractId)) ?? null) : null;
    return { device, lease, history: await this.devices.history(device.id) };
  }

  /** A lifecycle step: assign, deliver, request-return, return, refurbish, stock or recycle. */
  @Post(':id/:step')
  @HttpCode(200)
  @Roles(Role.Operator)
  async step(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('step') step: string, @Body() body: OperationInput & { months?: number } = {}): Promise<Device> {
    if (step === 'extend-lease') return this.operations.extendLease(id, Number(body?.months), user.subject);
    if (!(DEVICE_STEPS as string[]).includes(step)) {
      throw new NotFoundException(`"${step}" is not a device step; expected ${DEVICE_STEPS.join(', ')} or extend-lease`);
    }
    return this.operations.step(id, step as DeviceStep, body ?? {}, user.subject);
  }
}
