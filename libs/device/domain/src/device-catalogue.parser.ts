import Decimal from 'decimal.js';
import { isCalendarDate } from '@itops/shared/calendar';
import { readCsv, type RejectedRow } from './csv.reader';
import { isDeviceType, type DeviceType } from './device-lifecycle.rules';
import { leaseEnd } from './lease.rules';

/** A device offering of the price list: what a device of a type (and optionally a model) costs its customer a month. */
export interface DeviceOffering {
  offeringCode: string;
  deviceType: DeviceType;
  /** Empty: the type's default fee; otherwise a model with its own fee. */
  model: string;
  /** Monthly fee in SEK, exact decimal text with two decimals, e.g. "389.50". */
  monthlyFeeSek: string;
}

export const OFFERING_COLUMNS = {
  offeringCode: { names: ['offering_code', 'tjanstekod', 'Offering'], required: true },
  deviceType: { names: ['device_type', 'typ', 'Device type'], required: true },
  model: { names: ['model', 'modell'], required: false },
  monthlyFeeSek: { names: ['monthly_fee_sek', 'pris_sek', 'Monthly fee'], required: true },
} as const;

const OFFERING_CODE = /^[A-Z0-9-]{2,20}$/;
const FEE = /^\d{1,7}([.,]\d{1,2})?$/;

/** Reads the device fee table: bad rows reported with line and field, good rows kept. */
export function parseOfferings(bytes: Buffer): { offerings: DeviceOffering[]; rejected: RejectedRow[] } {
  const offerings: DeviceOffering[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, values } of readCsv(bytes, OFFERING_COLUMNS, 'device fee table')) {
    const before = rejected.length;
    if (!OFFERING_CODE.test(values.offeringCode)) rejected.push({ line, field: 'offering_code', message: `"${values.offeringCode}" is not an offering code; expected 2-20 A-Z, 0-9 or -, e.g. KST-PC` });
    const type = values.deviceType.toUpperCase();
    if (!isDeviceType(type)) rejected.push({ line, field: 'device_type', message: `"${values.deviceType}" is not a device type; expected PC, IPAD or MOBILE` });
    if (!FEE.test(values.monthlyFeeSek)) rejected.push({ line, field: 'monthly_fee_sek', message: `"${values.monthlyFeeSek}" is not a fee; expected SEK with at most 2 decimals, e.g. 389.50` });
    if (rejected.length > before || !isDeviceType(type)) continue;
    offerings.push({ offeringCode: values.offeringCode, deviceType: type, model: values.model, monthlyFeeSek: new Decimal(values.monthlyFeeSek.replace(',', '.')).toFixed(2) });
  }
  return { offerings, rejected };
}

/** The fee of a device: its model's own offering if there is one, else its type's default. */
export function offeringFor(offerings: readonly DeviceOffering[], deviceType: string, model: string): DeviceOffering | undefined {
  const ofType = offerings.filter((o) => o.deviceType === deviceType);
  return ofType.find((o) => o.model !== '' && o.model.toLowerCase() === model.toLowerCase()) ?? ofType.find((o) => o.model === '');
}

/** One device under a lease contract (or the contract alone, when the row names no serial number). */
export interface LeaseRow {
  contractId: string;
  supplier: string;
  startDate: string;
  termMonths: number;
  endDate: string;
  /** Upper-case; empty when the row only describes the contract. */
  serialNumber: string;
}

export const LEASE_COLUMNS = {
  contractId: { names: ['contract_id', 'avtal', 'Contract'], required: true },
  supplier: { names: ['supplier', 'leverantor', 'Supplier'], required: true },
  startDate: { names: ['start_date', 'start', 'startdatum'], required: true },
  termMonths: { names: ['term_months', 'months', 'manader'], required: true },
  serialNumber: { names: ['serial_number', 'Serial number', 'serienummer'], required: false },
} as const;

/** Reads lease contracts (leasingavtal): contract id, supplier, start, term in months, and the devices under it. */
export function parseLeases(bytes: Buffer): { leases: LeaseRow[]; rejected: RejectedRow[] } {
  const leases: LeaseRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, values } of readCsv(bytes, LEASE_COLUMNS, 'lease contract file')) {
    const before = rejected.length;
    if (!/^[A-Za-z0-9][A-Za-z0-9-_/]{0,39}$/.test(values.contractId)) rejected.push({ line, field: 'contract_id', message: `"${values.contractId}" is not a contract id; expected 1-40 letters, digits, -, _ or /` });
    if (values.supplier === '') rejected.push({ line, field: 'supplier', message: 'the supplier is empty; name the leasing company' });
    if (!isCalendarDate(values.startDate)) rejected.push({ line, field: 'start_date', message: `"${values.startDate}" is not a day; expected YYYY-MM-DD` });
    const term = Number(values.termMonths);
    if (!/^\d{1,3}$/.test(values.termMonths) || term < 1 || term > 120) rejected.push({ line, field: 'term_months', message: `"${values.termMonths}" is not a term; expected whole months 1-120` });
    if (rejected.length > before) continue;
    leases.push({
      contractId: values.contractId,
      supplier: values.supplier,
      startDate: values.startDate,
      termMonths: term,
      endDate: leaseEnd(values.startDate, term),
      serialNumber: values.serialNumber.toUpperCase(),
    });
  }
  return { leases, rejected };
}
