import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DeviceOffering, DeviceStatus, DeviceType, KnownAccount, LeaseRow } from '@itops/device/domain';

/** A device as the service keeps it. Days are YYYY-MM-DD (Europe/Stockholm). */
export interface Device {
  id: string;
  serialNumber: string | null;
  deviceName: string;
  deviceType: DeviceType;
  model: string;
  manufacturer: string;
  os: string;
  osVersion: string;
  status: DeviceStatus;
  statusDate: string;
  accountId: string | null;
  customerCode: string | null;
  timesAssigned: number;
  lastSeenAt: Date | null;
  inServiceSince: string;
  leaseContractId: string | null;
  leaseEnd: string | null;
  leaseFlaggedOn: string | null;
  orderCause: string | null;
}

export interface DeviceFilter {
  customerCode?: string;
  status?: DeviceStatus;
  accountId?: string;
  limit?: number;
}

/** A device the import creates (in stock or assigned to the matched account). */
export interface NewImportedDevice {
  id: string;
  serialNumber: string;
  deviceName: string;
  deviceType: DeviceType;
  model: string;
  manufacturer: string;
  os: string;
  osVersion: string;
  status: DeviceStatus;
  accountId: string | null;
  customerCode: string | null;
  lastSeenAt: Date | null;
}

export interface InventoryUpdate {
  serialNumber: string;
  deviceName: string;
  model: string;
  manufacturer: string;
  os: string;
  osVersion: string;
  lastSeenAt: Date | null;
}

/** One holding of a device: the days it was billed to a customer (the usage fact metering counts). */
export interface DeviceAssignment {
  id: string;
  deviceId: string;
  accountId: string;
  customerCode: string;
  offeringCode: string;
  validFrom: string;
  validTo: string | null;
}

/** A lease contract (leasingavtal); a device's own lease end may be later after an extension. */
export interface LeaseContract {
  contractId: string;
  supplier: string;
  startDate: string;
  termMonths: number;
  endDate: string;
}

export interface DeviceHistoryEntry {
  status: DeviceStatus;
  accountId: string | null;
  customerCode: string | null;
  effectiveDate: string;
  cause: string;
  recordedAt: Date;
}

/** A billed device with what the inactive check needs: its holder's account state and its fee. */
export interface BilledDevice extends Device {
  /** null when the holder's account is not known to the service. */
  accountEnabled: boolean | null;
  monthlyFeeSek: string | null;
  offeringCode: string | null;
}

const COLUMNS = `d.id, d.serial_number AS "serialNumber", d.device_name AS "deviceName", d.device_type AS "deviceType", d.model,
  d.manufacturer, d.os, d.os_version AS "osVersion", d.status, to_char(d.status_date, 'YYYY-MM-DD') AS "statusDate",
  d.account_id AS "accountId", d.customer_code AS "customerCode", d.times_assigned AS "timesAssigned", d.last_seen_at AS "lastSeenAt",
  to_char(d.in_service_since, 'YYYY-MM-DD') AS "inServiceSince", d.lease_contract_id AS "leaseContractId",
  to_char(d.lease_end, 'YYYY-MM-DD') AS "leaseEnd", to_char(d.lease_flagged_on, 'YYYY-MM-DD') AS "leaseFlaggedOn", d.order_cause AS "orderCause"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows of an UPDATE ... RETURNING: TypeORM's PostgreSQL driver answers it with [rows, affected count]. */
function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** Imports write in slices, so one statement's parameters stay well inside PostgreSQL's limits. */
const SLICE = 2000;

@Injectable()
export class DeviceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A device by its id or its serial number (what is printed on it). */
  async find(manager: EntityManager | undefined, idOrSerial: string, forUpdate = false): Promise<Device | undefined> {
    const byId = UUID.test(idOrSerial);
    const rows: Device[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM device d WHERE ${byId ? 'd.id = $1' : 'd.serial_number = upper($1)'}${forUpdate ? ' FOR UPDATE' : ''}`,
      [idOrSerial],
    );
    return rows[0];
  }

  async list(filter: DeviceFilter): Promise<Device[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.customerCode) where.push(`d.customer_code = $${params.push(filter.customerCode)}`);
    if (filter.status) where.push(`d.status = $${params.push(filter.status)}`);
    if (filter.accountId) where.push(`d.account_id = $${params.push(filter.accountId)}`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM device d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.customer_code NULLS LAST, d.serial_number NULLS LAST, d.id LIMIT $${params.push(filter.limit ?? 1000)}`,
      params,
    );
  }

  /** The account's devices in the given statuses, locked for the change that follows. */
  async ofAccount(manager: EntityManager, accountId: string, statuses: readonly DeviceStatus[], deviceType?: string): Promise<Device[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM device d WHERE d.account_id = $1 AND d.status = ANY($2::text[]) AND ($3::text IS NULL OR d.device_type = $3)
        ORDER BY d.id FOR UPDATE`,
      [accountId, statuses, deviceType ?? null],
    );
  }

  /** The undelivered orders of these accounts, oldest first, locked for delivery. */
  async openOrders(manager: EntityManager, accountIds: readonly string[]): Promise<Device[]> {
    if (accountIds.length === 0) return [];
    return manager.query(`SELECT ${COLUMNS} FROM device d WHERE d.status = 'ORDERED' AND d.account_id = ANY($1::text[]) ORDER BY d.status_date, d.id FOR UPDATE`, [accountIds]);
  }

  /** An order (beställning): a device without serial number for an account, until it is delivered. */
  async insertOrder(manager: EntityManager, order: { id: string; deviceType: DeviceType; accountId: string; customerCode: string; date: string; cause: string }): Promise<void> {
    await manager.query(
      `INSERT INTO device (id, device_type, status, status_date, account_id, customer_code, in_service_since, order_cause)
       VALUES ($1, $2, 'ORDERED', $3, $4, $5, $3, $6)`,
      [order.id, order.deviceType, order.date, order.accountId, order.customerCode, order.cause],
    );
  }

  /** Writes a device's new status and holder (the lifecycle decides them). */
  async saveState(manager: EntityManager, device: Pick<Device, 'id' | 'status' | 'statusDate' | 'accountId' | 'customerCode' | 'timesAssigned' | 'serialNumber' | 'model'>): Promise<void> {
    await manager.query(
      `UPDATE device SET status = $2, status_date = $3, account_id = $4, customer_code = $5, times_assigned = $6,
              serial_number = $7, model = $8, updated_at = now() WHERE id = $1`,
      [device.id, device.status, device.statusDate, device.accountId, device.customerCode, device.timesAssigned, device.serialNumber, device.model],
    );
  }

  async appendHistory(manager: EntityManager, deviceId: string, entry: Omit<DeviceHistoryEntry, 'recordedAt'>): Promise<void> {
    await manager.query(
      'INSERT INTO device_history (device_id, status, account_id, customer_code, effective_date, cause) VALUES ($1, $2, $3, $4, $5, $6)',
      [deviceId, entry.status, entry.accountId, entry.customerCode, entry.effectiveDate, entry.cause],
    );
  }

  async leaseContract(contractId: string): Promise<LeaseContract | undefined> {
    const rows: LeaseContract[] = await this.dataSource.query(
      `SELECT contract_id AS "contractId", supplier, to_char(start_date, 'YYYY-MM-DD') AS "startDate", term_months AS "termMonths",
              to_char(end_date, 'YYYY-MM-DD') AS "endDate" FROM lease_contract WHERE contract_id = $1`,
      [contractId],
    );
    return rows[0];
  }

  async history(deviceId: string): Promise<DeviceHistoryEntry[]> {
    return this.dataSource.query(
      `SELECT status, account_id AS "accountId", customer_code AS "customerCode", to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate",
              cause, recorded_at AS "recordedAt" FROM device_history WHERE device_id = $1 ORDER BY id`,
      [deviceId],
    );
  }

  async openAssignment(manager: EntityManager, assignment: Omit<DeviceAssignment, 'validTo'>): Promise<void> {
    await manager.query(
      'INSERT INTO device_assignment (id, device_id, account_id, customer_code, offering_code, valid_from) VALUES ($1, $2, $3, $4, $5, $6)',
      [assignment.id, assignment.deviceId, assignment.accountId, assignment.customerCode, assignment.offeringCode, assignment.validFrom],
    );
  }

  /** Closes the device's open holding on its last billed day (never before its first). */
  async closeAssignment(manager: EntityManager, deviceId: string, lastDay: string): Promise<void> {
    await manager.query('UPDATE device_assignment SET valid_to = greatest(valid_from, $2::date) WHERE device_id = $1 AND valid_to IS NULL', [deviceId, lastDay]);
  }

  /** The holdings of a customer's devices that overlap the days from..to. */
  async assignments(customerCode: string, from: string, to: string): Promise<DeviceAssignment[]> {
    return this.dataSource.query(
      `SELECT id, device_id AS "deviceId", account_id AS "accountId", customer_code AS "customerCode", offering_code AS "offeringCode",
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
         FROM device_assignment WHERE customer_code = $1 AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $2)
        ORDER BY valid_from, id`,
      [customerCode, from, to],
    );
  }

  /** Which of these serial numbers are known, with their device ids and holders. */
  async knownBySerial(manager: EntityManager, serials: readonly string[]): Promise<Map<string, { id: string; accountId: string | null }>> {
    const found = new Map<string, { id: string; accountId: string | null }>();
    for (let i = 0; i < serials.length; i += SLICE * 5) {
      const rows: Array<{ id: string; serial: string; accountId: string | null }> = await manager.query(
        'SELECT id, serial_number AS serial, account_id AS "accountId" FROM device WHERE serial_number = ANY($1::text[])',
        [serials.slice(i, i + SLICE * 5)],
      );
      for (const row of rows) found.set(row.serial, { id: row.id, accountId: row.accountId });
    }
    return found;
  }

  /** New devices from an import, in slices of one statement each; history rows with them. */
  async insertImported(manager: EntityManager, devices: readonly NewImportedDevice[], date: string, cause: string): Promise<void> {
    for (let i = 0; i < devices.length; i += SLICE) {
      const slice = devices.slice(i, i + SLICE);
      const column = <K extends keyof NewImportedDevice>(key: K) => slice.map((d) => d[key]);
      await manager.query(
        `INSERT INTO device (id, serial_number, device_name, device_type, model, manufacturer, os, os_version, status, status_date,
                             account_id, customer_code, times_assigned, last_seen_at, in_service_since)
         SELECT t.id, t.serial, t.name, t.type, t.model, t.manufacturer, t.os, t.os_version, t.status, $13::date,
                t.account_id, t.customer_code, CASE WHEN t.account_id IS NULL THEN 0 ELSE 1 END, t.last_seen, $13::date
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::text[], $11::text[], $12::timestamptz[])
             AS t(id, serial, name, type, model, manufacturer, os, os_version, status, account_id, customer_code, last_seen)`,
        [
          column('id'),
          column('serialNumber'),
          column('deviceName'),
          column('deviceType'),
          column('model'),
          column('manufacturer'),
          column('os'),
          column('osVersion'),
          column('status'),
          column('accountId'),
          column('customerCode'),
          column('lastSeenAt'),
          date,
        ],
      );
      await manager.query(
        `INSERT INTO device_history (device_id, status, account_id, customer_code, effective_date, cause)
         SELECT id, status, account_id, customer_code, $2::date, $3 FROM device WHERE id = ANY($1::uuid[])`,
        [column('id'), date, cause],
      );
    }
  }

  /** Inventory fields and last check-in of known devices; the holder is left as the lifecycle has it. */
  async updateInventory(manager: EntityManager, updates: readonly InventoryUpdate[]): Promise<void> {
    for (let i = 0; i < updates.length; i += SLICE) {
      const slice = updates.slice(i, i + SLICE);
      const column = <K extends keyof InventoryUpdate>(key: K) => slice.map((u) => u[key]);
      await manager.query(
        `UPDATE device d SET device_name = t.name, model = coalesce(nullif(t.model, ''), d.model), manufacturer = coalesce(nullif(t.manufacturer, ''), d.manufacturer),
                os = t.os, os_version = t.os_version, last_seen_at = greatest(d.last_seen_at, t.last_seen), updated_at = now()
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
             AS t(serial, name, model, manufacturer, os, os_version, last_seen)
          WHERE d.serial_number = t.serial`,
        [column('serialNumber'), column('deviceName'), column('model'), column('manufacturer'), column('os'), column('osVersion'), column('lastSeenAt')],
      );
    }
  }

  /** Opens holdings for devices an import created as assigned, in one statement per slice. */
  async openAssignments(manager: EntityManager, assignments: readonly Omit<DeviceAssignment, 'validTo'>[]): Promise<void> {
    for (let i = 0; i < assignments.length; i += SLICE) {
      const slice = assignments.slice(i, i + SLICE);
      const column = <K extends keyof Omit<DeviceAssignment, 'validTo'>>(key: K) => slice.map((a) => a[key]);
      await manager.query(
        `INSERT INTO device_assignment (id, device_id, account_id, customer_code, offering_code, valid_from)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[])`,
        [column('id'), column('deviceId'), column('accountId'), column('customerCode'), column('offeringCode'), column('validFrom')],
      );
    }
  }

  /** Accounts by lower-case UPN, for matching an export's primary users (more than one while a rename travels). */
  async accountsByUpn(manager: EntityManager, upns: readonly string[]): Promise<Map<string, KnownAccount[]>> {
    const rows: Array<{ upn: string; accountId: string; customerCode: string; enabled: boolean }> = await manager.query(
      `SELECT lower(user_principal_name) AS upn, account_id AS "accountId", customer_code AS "customerCode", account_enabled AS enabled
         FROM device_user WHERE lower(user_principal_name) = ANY($1::text[]) AND account_id IS NOT NULL`,
      [upns],
    );
    const byUpn = new Map<string, KnownAccount[]>();
    for (const row of rows) byUpn.set(row.upn, [...(byUpn.get(row.upn) ?? []), { accountId: row.accountId, customerCode: row.customerCode, enabled: row.enabled }]);
    return byUpn;
  }

  async account(manager: EntityManager | undefined, accountId: string): Promise<KnownAccount | undefined> {
    const rows: KnownAccount[] = await (manager ?? this.dataSource.manager).query(
      `SELECT account_id AS "accountId", customer_code AS "customerCode", account_enabled AS enabled FROM device_user WHERE account_id::text = $1`,
      [accountId],
    );
    return rows[0];
  }

  /** Billed devices with their holder's account state and monthly fee, optionally of one customer. */
  async billed(customerCode?: string): Promise<BilledDevice[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS}, u.account_enabled AS "accountEnabled", o.monthly_fee_sek::text AS "monthlyFeeSek", o.offering_code AS "offeringCode"
         FROM device d
         LEFT JOIN device_user u ON u.account_id::text = d.account_id
         LEFT JOIN LATERAL (
           SELECT monthly_fee_sek, offering_code FROM device_offering o
            WHERE o.device_type = d.device_type AND (o.model = '' OR lower(o.model) = lower(d.model))
            ORDER BY o.model = '' LIMIT 1) o ON true
        WHERE d.status IN ('ASSIGNED', 'REASSIGNED') AND ($1::text IS NULL OR d.customer_code = $1)
        ORDER BY d.customer_code, d.serial_number`,
      [customerCode ?? null],
    );
  }

  /** What the circularity figures are computed from. */
  async circularityFacts(customerCode?: string): Promise<Array<{ customerCode: string; status: DeviceStatus; timesAssigned: number; inServiceSince: string }>> {
    return this.dataSource.query(
      `SELECT coalesce(customer_code, '-') AS "customerCode", status, times_assigned AS "timesAssigned",
              to_char(in_service_since, 'YYYY-MM-DD') AS "inServiceSince"
         FROM device WHERE status <> 'ORDERED' AND ($1::text IS NULL OR customer_code = $1)`,
      [customerCode ?? null],
    );
  }

  /** Devices in use whose lease ends on or before `lastDay`. */
  async leaseEnding(lastDay: string): Promise<Device[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM device d WHERE d.lease_end <= $1 AND d.status NOT IN ('RECYCLED', 'RETURNED') ORDER BY d.lease_end, d.serial_number`, [lastDay]);
  }

  /** Flags the devices due for a decision that are not flagged yet; returns how many were flagged now. */
  async flagLeaseEnding(manager: EntityManager, lastDay: string, today: string): Promise<Array<{ id: string }>> {
    return returnedRows(
      await manager.query(
      `UPDATE device SET lease_flagged_on = $2, updated_at = now()
        WHERE lease_end <= $1 AND lease_flagged_on IS NULL AND status NOT IN ('RECYCLED', 'RETURNED') RETURNING id`,
        [lastDay, today],
      ),
    );
  }

  /** A new lease end (extension), which clears the flag. */
  async extendLease(manager: EntityManager, deviceId: string, leaseEnd: string): Promise<void> {
    await manager.query('UPDATE device SET lease_end = $2, lease_flagged_on = NULL, updated_at = now() WHERE id = $1', [deviceId, leaseEnd]);
  }

  async saveOfferings(offerings: readonly DeviceOffering[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const o of offerings) {
        await manager.query(
          `INSERT INTO device_offering (device_type, model, offering_code, monthly_fee_sek) VALUES ($1, $2, $3, $4)
           ON CONFLICT (device_type, model) DO UPDATE SET offering_code = $3, monthly_fee_sek = $4`,
          [o.deviceType, o.model, o.offeringCode, o.monthlyFeeSek],
        );
      }
    });
  }

  async offerings(manager?: EntityManager): Promise<DeviceOffering[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT offering_code AS "offeringCode", device_type AS "deviceType", model, monthly_fee_sek::text AS "monthlyFeeSek" FROM device_offering ORDER BY device_type, model`,
    );
  }

  /**
   * Saves lease contracts and puts the devices the rows name under them (lease end and, as the
   * day the device came into service, the lease start). Returns the serial numbers not found.
   */
  async saveLeases(leases: readonly LeaseRow[]): Promise<{ contracts: number; devices: number; unknownSerials: Array<{ serialNumber: string; contractId: string }> }> {
    return this.dataSource.transaction(async (manager) => {
      const contracts = new Map(leases.map((l) => [l.contractId, l]));
      for (const c of contracts.values()) {
        await manager.query(
          `INSERT INTO lease_contract (contract_id, supplier, start_date, term_months, end_date) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (contract_id) DO UPDATE SET supplier = $2, start_date = $3, term_months = $4, end_date = $5`,
          [c.contractId, c.supplier, c.startDate, c.termMonths, c.endDate],
        );
      }
      const withSerial = leases.filter((l) => l.serialNumber !== '');
      const updated: Array<{ serial: string }> = withSerial.length
        ? returnedRows(
            await manager.query(
            `UPDATE device d SET lease_contract_id = t.contract, lease_end = c.end_date, in_service_since = c.start_date, lease_flagged_on = NULL, updated_at = now()
               FROM unnest($1::text[], $2::text[]) AS t(serial, contract) JOIN lease_contract c ON c.contract_id = t.contract
              WHERE d.serial_number = t.serial RETURNING d.serial_number AS serial`,
              [withSerial.map((l) => l.serialNumber), withSerial.map((l) => l.contractId)],
            ),
          )
        : [];
      const found = new Set(updated.map((u) => u.serial));
      return {
        contracts: contracts.size,
        devices: found.size,
        unknownSerials: withSerial.filter((l) => !found.has(l.serialNumber)).map((l) => ({ serialNumber: l.serialNumber, contractId: l.contractId })),
      };
    });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
