import Decimal from 'decimal.js';
import { isCalendarDate } from '@itops/shared/calendar';
import { FieldProblem, LicenceException, LicenceExceptionCode } from './licence.exception';

/**
 * A licence product of the catalogue. `servesAs` names the next smaller product that this one
 * includes (E5 serves as E3, E3 as F3): a holder of E5 needs no E3, and one whose role needs
 * only E3 can be downgraded. `addon` products (Copilot, Visio, Project) come on top of a base
 * licence; `activityService` names the usage-report service that shows an add-on in use.
 */
export interface Product {
  code: string;
  name: string;
  /** Monthly list price in SEK, exact decimal text with two decimals ("389.00"). */
  monthlyPriceSek: string;
  /** The product's licence group in AD (group-based licensing), or null when it is not realised in AD. */
  groupDn: string | null;
  servesAs: string | null;
  addon: boolean;
  activityService: string | null;
}

/** A supplier contract: a quantity of one product at a unit price, with a term and a yearly true-up. */
export interface Contract {
  reference: string;
  supplier: string;
  productCode: string;
  quantity: number;
  /** Monthly unit price in SEK, two decimals. */
  unitPriceSek: string;
  startsOn: string;
  endsOn: string;
  /** The next true-up (or renewal) date: the first day a reduction in quantity takes effect. */
  trueUpOn: string;
}

/** A pool of licences: one customer's, or city-wide (customerCode null). Substitute pools are vikariepaket. */
export interface Pool {
  code: string;
  customerCode: string | null;
  productCode: string;
  kind: 'standard' | 'substitute';
  size: number;
}

const PRODUCT_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
const GROUP_DN = /^CN=(?:\\.|[^,=\\])+(?:,(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)+$/i;
const MONEY = /^\d{1,9}(\.\d{1,2})?$/;
const SERVICE = /^[a-z][a-z0-9-]{0,31}$/;

/** Money as text with two decimals ("389" → "389.00"); rounding is half-up, the same everywhere. */
export const sek = (value: Decimal.Value): string => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}

/** Checks a catalogue import and returns it normalised; refuses it naming every field at fault. */
export function checkProducts(input: unknown): Product[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(input) || input.length === 0) {
    throw new LicenceException(LicenceExceptionCode.INVALID_PRODUCT, 'products: expected a non-empty list of {code, name, monthlyPriceSek, groupDn, servesAs, addon, activityService}');
  }
  const products = input.map((raw: Record<string, unknown>, i): Product => {
    const at = (field: string) => `products[${i}].${field}`;
    const code = text(raw?.['code']) ?? '';
    if (!PRODUCT_CODE.test(code)) problems.push({ field: at('code'), message: `"${code}" is not a product code; expected 1-40 upper-case letters, digits or -, e.g. M365-E3` });
    const name = text(raw?.['name']) ?? '';
    if (name === '' || name.length > 200) problems.push({ field: at('name'), message: 'expected a name of 1-200 characters' });
    const price = text(raw?.['monthlyPriceSek']) ?? '';
    if (!MONEY.test(price)) problems.push({ field: at('monthlyPriceSek'), message: `"${price}" is not a price; expected SEK per month with at most two decimals, e.g. 389.00` });
    const groupDn = text(raw?.['groupDn']) || null;
    if (groupDn !== null && !GROUP_DN.test(groupDn)) problems.push({ field: at('groupDn'), message: `"${groupDn}" is not a group DN; expected CN=<group>,OU=...,DC=..., e.g. CN=LIC-M365-E3,OU=Licences,OU=itops,DC=itops,DC=test` });
    const servesAs = text(raw?.['servesAs']) || null;
    const addon = raw?.['addon'] === true;
    if (raw?.['addon'] !== undefined && typeof raw['addon'] !== 'boolean') problems.push({ field: at('addon'), message: 'expected true or false' });
    const activityService = text(raw?.['activityService']) || null;
    if (activityService !== null && !SERVICE.test(activityService)) problems.push({ field: at('activityService'), message: `"${activityService}" is not a service; expected lower-case letters, digits or -, e.g. copilot, teams` });
    return { code, name, monthlyPriceSek: MONEY.test(price) ? sek(price) : price, groupDn, servesAs, addon, activityService };
  });
  const codes = new Set<string>();
  products.forEach((p, i) => {
    if (codes.has(p.code)) problems.push({ field: `products[${i}].code`, message: `${p.code} appears twice; each product once` });
    codes.add(p.code);
  });
  products.forEach((p, i) => {
    if (p.servesAs !== null && !codes.has(p.servesAs)) problems.push({ field: `products[${i}].servesAs`, message: `${p.servesAs} is not a product of this import; expected one of its codes or empty` });
  });
  const byCode = new Map(products.map((p) => [p.code, p]));
  products.forEach((p, i) => {
    const seen = new Set([p.code]);
    for (let next = p.servesAs; next; next = byCode.get(next)?.servesAs ?? null) {
      if (seen.has(next)) {
        problems.push({ field: `products[${i}].servesAs`, message: `${p.code} serves as itself through ${[...seen].join(' → ')}; the chain must end` });
        break;
      }
      seen.add(next);
    }
  });
  if (problems.length > 0) throw new LicenceException(LicenceExceptionCode.INVALID_PRODUCT, `the product import has ${problems.length} problem(s): ${problems[0].field}: ${problems[0].message}`, { details: problems });
  return products;
}

/** The products `code` serves as, smallest last (E5 → [E3, F3]); never includes `code` itself. */
export function includedProducts(code: string, catalogue: ReadonlyMap<string, Product>): string[] {
  const chain: string[] = [];
  for (let next = catalogue.get(code)?.servesAs ?? null; next && !chain.includes(next) && next !== code; next = catalogue.get(next)?.servesAs ?? null) chain.push(next);
  return chain;
}

/** True when `bigger` includes `smaller` (E5 covers E3 and F3). */
export const covers = (bigger: string, smaller: string, catalogue: ReadonlyMap<string, Product>): boolean => includedProducts(bigger, catalogue).includes(smaller);

export function checkContracts(input: unknown, productCodes: ReadonlySet<string>): Contract[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(input) || input.length === 0) {
    throw new LicenceException(LicenceExceptionCode.INVALID_CONTRACT, 'contracts: expected a non-empty list of {reference, supplier, productCode, quantity, unitPriceSek, startsOn, endsOn, trueUpOn}');
  }
  const contracts = input.map((raw: Record<string, unknown>, i): Contract => {
    const at = (field: string) => `contracts[${i}].${field}`;
    const reference = text(raw?.['reference']) ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(reference)) problems.push({ field: at('reference'), message: `"${reference}" is not a reference; expected 1-64 letters, digits or . _ / -` });
    const supplier = text(raw?.['supplier']) ?? '';
    if (supplier === '' || supplier.length > 200) problems.push({ field: at('supplier'), message: 'expected the supplier, 1-200 characters' });
    const productCode = text(raw?.['productCode']) ?? '';
    if (!productCodes.has(productCode)) problems.push({ field: at('productCode'), message: `"${productCode}" is not a product of the catalogue; import products first` });
    const quantity = Number(raw?.['quantity']);
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > 10_000_000) problems.push({ field: at('quantity'), message: `"${String(raw?.['quantity'])}" is not a quantity; expected a whole number 0-10000000` });
    const price = text(raw?.['unitPriceSek']) ?? '';
    if (!MONEY.test(price)) problems.push({ field: at('unitPriceSek'), message: `"${price}" is not a price; expected SEK per month with at most two decimals` });
    const dates = ['startsOn', 'endsOn', 'trueUpOn'].map((field) => {
      const value = text(raw?.[field]) ?? '';
      if (!isCalendarDate(value)) problems.push({ field: at(field), message: `"${value}" is not a date; expected YYYY-MM-DD` });
      return value;
    });
    const [startsOn, endsOn, trueUpOn] = dates;
    if (isCalendarDate(startsOn) && isCalendarDate(endsOn) && endsOn < startsOn) problems.push({ field: at('endsOn'), message: `${endsOn} is before startsOn ${startsOn}` });
    if (isCalendarDate(trueUpOn) && isCalendarDate(startsOn) && isCalendarDate(endsOn) && (trueUpOn < startsOn || trueUpOn > endsOn)) {
      problems.push({ field: at('trueUpOn'), message: `${trueUpOn} is outside the term ${startsOn}..${endsOn}` });
    }
    return { reference, supplier, productCode, quantity, unitPriceSek: MONEY.test(price) ? sek(price) : price, startsOn, endsOn, trueUpOn };
  });
  if (problems.length > 0) throw new LicenceException(LicenceExceptionCode.INVALID_CONTRACT, `the contract import has ${problems.length} problem(s): ${problems[0].field}: ${problems[0].message}`, { details: problems });
  return contracts;
}

export function checkPools(input: unknown, productCodes: ReadonlySet<string>): Pool[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(input) || input.length === 0) {
    throw new LicenceException(LicenceExceptionCode.INVALID_POOL, 'pools: expected a non-empty list of {code, customerCode, productCode, kind, size}');
  }
  const pools = input.map((raw: Record<string, unknown>, i): Pool => {
    const at = (field: string) => `pools[${i}].${field}`;
    const code = text(raw?.['code']) ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(code)) problems.push({ field: at('code'), message: `"${code}" is not a pool code; expected 1-64 letters, digits or -` });
    const customerCode = text(raw?.['customerCode']) || null;
    if (customerCode !== null && !CUSTOMER_CODE.test(customerCode)) problems.push({ field: at('customerCode'), message: `"${customerCode}" is not a customer code; expected e.g. N138, or empty for a city-wide pool` });
    const productCode = text(raw?.['productCode']) ?? '';
    if (!productCodes.has(productCode)) problems.push({ field: at('productCode'), message: `"${productCode}" is not a product of the catalogue` });
    const kind = text(raw?.['kind']) ?? 'standard';
    if (kind !== 'standard' && kind !== 'substitute') problems.push({ field: at('kind'), message: `"${kind}" is not a pool kind; expected standard or substitute` });
    if (kind === 'substitute' && customerCode === null) problems.push({ field: at('customerCode'), message: 'a substitute pool (vikariepaket) belongs to one customer; give its code' });
    const size = Number(raw?.['size']);
    if (!Number.isInteger(size) || size < 0 || size > 1_000_000) problems.push({ field: at('size'), message: `"${String(raw?.['size'])}" is not a size; expected a whole number 0-1000000` });
    return { code, customerCode, productCode, kind: kind as Pool['kind'], size };
  });
  if (problems.length > 0) throw new LicenceException(LicenceExceptionCode.INVALID_POOL, `the pool import has ${problems.length} problem(s): ${problems[0].field}: ${problems[0].message}`, { details: problems });
  return pools;
}
