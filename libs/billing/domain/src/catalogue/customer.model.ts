import type { FieldResult } from '../common/csv-field.util';

/** förvaltning, bolag, förbund, nämnd: administration, company, federation, board. */
export const CUSTOMER_TYPES = ['forvaltning', 'bolag', 'forbund', 'namnd'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** kundkod: one upper-case letter and three digits, e.g. N138, B110, K171, I060. */
export const CUSTOMER_CODE_PATTERN = /^[A-Z]\d{3}$/;

/** A billed customer (kund). */
export interface Customer {
  /** kundkod */
  code: string;
  /** namn */
  name: string;
  type: CustomerType;
  /** kostnadsstallen: the cost-centre codes that belong to the customer. */
  costCentres: string[];
}

export function isCustomerCode(text: string): boolean {
  return CUSTOMER_CODE_PATTERN.test(text);
}

/** The kundkod column check shared by the customer and agreement imports. */
export function customerCodeField(field: string, value: string): FieldResult<string> {
  return isCustomerCode(value)
    ? { ok: true, value }
    : { ok: false, message: `${field}: "${value}" is not a customer code; expected one upper-case letter and three digits, e.g. N138` };
}
