import Decimal from 'decimal.js';
import { addMonths } from '@itops/shared/calendar';
import type { HarvestCandidate } from './harvest.rules';
import { sek } from './product.rules';

/** Saving of one customer and product: the monthly run rate, its year, and what the next twelve months really give. */
export interface Saving {
  customer: string;
  product: string;
  licences: number;
  monthlySek: string;
  yearlySek: string;
  /** The saving in the twelve months from today, counted from each licence's true-up date (a contract is paid until then). */
  next12MonthsSek: string;
  /** The earliest day any of these licences' saving counts from. */
  countsFrom: string;
}

/** Whole months of a saving that starts on `from` within the twelve months from `today` (0 when it starts after them). */
export function monthsWithin(from: string, today: string): number {
  const horizon = addMonths(today, 12);
  let months = 0;
  while (months < 12 && addMonths(from, months) < horizon) months++;
  return months;
}

/** Savings per customer and product, sorted; a reduction counts from the contract's next true-up date. */
export function savings(candidates: readonly HarvestCandidate[], today: string): Saving[] {
  const groups = new Map<string, { customer: string; product: string; licences: number; monthly: Decimal; next12: Decimal; countsFrom: string }>();
  for (const c of candidates) {
    const key = `${c.customer}\u0000${c.product}`;
    const g = groups.get(key) ?? { customer: c.customer, product: c.product, licences: 0, monthly: new Decimal(0), next12: new Decimal(0), countsFrom: c.countsFrom };
    g.licences += 1;
    g.monthly = g.monthly.plus(c.monthlySavingSek);
    g.next12 = g.next12.plus(new Decimal(c.monthlySavingSek).times(monthsWithin(c.countsFrom, today)));
    if (c.countsFrom < g.countsFrom) g.countsFrom = c.countsFrom;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.customer.localeCompare(b.customer) || a.product.localeCompare(b.product))
    .map((g) => ({ customer: g.customer, product: g.product, licences: g.licences, monthlySek: sek(g.monthly), yearlySek: sek(g.monthly.times(12)), next12MonthsSek: sek(g.next12), countsFrom: g.countsFrom }));
}
