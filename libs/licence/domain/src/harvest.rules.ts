import Decimal from 'decimal.js';
import { addDays, addMonths } from '@itops/shared/calendar';
import { covers, Product, sek } from './product.rules';

/** Why a licence is a harvest candidate, in the order they are tried: the first that holds wins. */
export const HARVEST_REASONS = ['leaver', 'disabled-account', 'inactive', 'downgrade', 'duplicate', 'unused-addon'] as const;
export type HarvestReason = (typeof HARVEST_REASONS)[number];

/** A licence an account holds now (an open assignment). */
export interface HeldLicence {
  assignmentId: string;
  accountId: string;
  customerCode: string;
  productCode: string;
  /** role | request | substitute-pool | harvest | manual */
  source: string;
  fromDate: string;
  /** The contract the licence is drawn from: its true-up date decides when a reduction counts. */
  contract: { reference: string; trueUpOn: string; endsOn: string } | null;
}

/** What is known of an account: from identity (enabled, leaver), AD (lastLogonTimestamp), Entra and Microsoft 365 usage exports. */
export interface HolderSignals {
  accountId: string;
  samAccountName: string | null;
  /** The employment ended: identity disabled the account as a leaver on this day. */
  leftOn: string | null;
  /** Whether the account is enabled, as identity or AD last said. */
  enabled: boolean;
  /** Latest day of any sign-in or activity: AD lastLogonTimestamp, Entra sign-ins, any service of the usage exports. */
  lastSeen: string | null;
  /** Latest activity day per service of the usage exports (exchange, teams, copilot, ...). */
  serviceActivity: Readonly<Record<string, string>>;
  /** The products the account's business roles entitle it to (role entitlements only). */
  roleNeeds: readonly string[];
  /** False when nothing is known of the account but its entitlements (identity's account event not here yet): never inactive or unused then. */
  observed?: boolean;
}

export interface HarvestPolicy {
  today: string;
  /** No sign-in or activity for this many days makes a licence inactive (default 90). */
  inactiveDays: number;
}

export interface HarvestCandidate {
  account: string;
  samAccountName: string | null;
  customer: string;
  product: string;
  reason: HarvestReason;
  /** What the licence becomes when applied: null releases it, a product code downgrades to it. */
  downgradeTo: string | null;
  monthlySavingSek: string;
  /** The day the saving counts from: the contract's next true-up date, or today without a contract. */
  countsFrom: string;
  assignmentId: string;
}

export interface CustomerTotal {
  customer: string;
  candidates: number;
  monthlySavingSek: string;
}

/** The first true-up on or after `today`: the yearly anniversary of the contract's true-up date, or today when none is left in the term. */
export function nextTrueUp(contract: HeldLicence['contract'], today: string): string {
  if (!contract) return today;
  let date = contract.trueUpOn;
  for (let years = 1; date < today; years++) date = addMonths(contract.trueUpOn, 12 * years);
  // After the term the licence is not renewed at all: a reduction needs no true-up.
  return date > contract.endsOn ? (contract.endsOn < today ? today : addDays(contract.endsOn, 1)) : date;
}

/**
 * Finds the licences that could go, one reason per licence. `cost` is what one unit of a product
 * costs a month (the contract's unit price, else the list price). Pure: the same signals always
 * give the same candidates, sorted by customer, account and product.
 */
export function harvest(
  held: readonly HeldLicence[],
  signals: ReadonlyMap<string, HolderSignals>,
  catalogue: ReadonlyMap<string, Product>,
  policy: HarvestPolicy,
  cost: (productCode: string) => string,
): HarvestCandidate[] {
  const cutoff = addDays(policy.today, -policy.inactiveDays);
  const byAccount = new Map<string, HeldLicence[]>();
  for (const licence of held) byAccount.set(licence.accountId, [...(byAccount.get(licence.accountId) ?? []), licence]);
  const candidates: HarvestCandidate[] = [];

  for (const [accountId, licences] of byAccount) {
    const s = signals.get(accountId);
    const heldCodes = new Set(licences.map((l) => l.productCode));
    const found = new Map<string, { reason: HarvestReason; downgradeTo: string | null; saving: Decimal }>();
    const flag = (l: HeldLicence, reason: HarvestReason, saving: Decimal.Value, downgradeTo: string | null = null) => {
      if (!found.has(l.assignmentId)) found.set(l.assignmentId, { reason, downgradeTo, saving: new Decimal(saving) });
    };
    // A licence given less than the inactivity window ago has had no chance to be used yet.
    const heldLongEnough = (l: HeldLicence) => l.fromDate <= cutoff;

    for (const l of licences) {
      if (s?.leftOn) flag(l, 'leaver', cost(l.productCode));
      else if (s && !s.enabled) flag(l, 'disabled-account', cost(l.productCode));
      else if (s && s.observed !== false && (s.lastSeen === null || s.lastSeen < cutoff) && heldLongEnough(l)) flag(l, 'inactive', cost(l.productCode));
    }
    const needs = s?.roleNeeds ?? [];
    for (const l of licences) {
      if (l.source === 'role' || needs.length === 0 || needs.includes(l.productCode)) continue;
      // The largest product the role needs that this one includes: E5 held where the role needs E3 (or F3).
      const target = needs.filter((n) => covers(l.productCode, n, catalogue)).sort((a, b) => (covers(a, b, catalogue) ? -1 : covers(b, a, catalogue) ? 1 : 0))[0];
      if (!target) continue;
      const saving = heldCodes.has(target) ? new Decimal(cost(l.productCode)) : new Decimal(cost(l.productCode)).minus(cost(target));
      flag(l, 'downgrade', saving, heldCodes.has(target) ? null : target);
    }
    for (const smaller of licences) {
      const bigger = licences.find((b) => b !== smaller && covers(b.productCode, smaller.productCode, catalogue) && !found.has(b.assignmentId));
      if (bigger) flag(smaller, 'duplicate', cost(smaller.productCode));
    }
    for (const l of licences) {
      const product = catalogue.get(l.productCode);
      if (!product?.addon || !product.activityService || !heldLongEnough(l) || !s || s.observed === false) continue;
      const last = s?.serviceActivity[product.activityService];
      if (!last || last < cutoff) flag(l, 'unused-addon', cost(l.productCode));
    }
    for (const l of licences) {
      const f = found.get(l.assignmentId);
      if (!f) continue;
      candidates.push({
        account: accountId,
        samAccountName: s?.samAccountName ?? null,
        customer: l.customerCode,
        product: l.productCode,
        reason: f.reason,
        downgradeTo: f.downgradeTo,
        monthlySavingSek: sek(Decimal.max(f.saving, 0)),
        countsFrom: nextTrueUp(l.contract, policy.today),
        assignmentId: l.assignmentId,
      });
    }
  }
  return candidates.sort((a, b) => a.customer.localeCompare(b.customer) || a.account.localeCompare(b.account) || a.product.localeCompare(b.product));
}

/** Candidates and monthly saving per customer. */
export function totalsPerCustomer(candidates: readonly HarvestCandidate[]): CustomerTotal[] {
  const totals = new Map<string, { candidates: number; saving: Decimal }>();
  for (const c of candidates) {
    const t = totals.get(c.customer) ?? { candidates: 0, saving: new Decimal(0) };
    t.candidates += 1;
    t.saving = t.saving.plus(c.monthlySavingSek);
    totals.set(c.customer, t);
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([customer, t]) => ({ customer, candidates: t.candidates, monthlySavingSek: sek(t.saving) }));
}
