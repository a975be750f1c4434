import { Inject, Injectable } from '@nestjs/common';
import {
  Agreement,
  BillingException,
  BillingExceptionCode,
  buildInvoice,
  checkUsageAggregates,
  correctionLines,
  daysOverlapping,
  findPriceEntry,
  formatSek,
  headcountFromPersons,
  headcountOf,
  Invoice,
  InvoiceLine,
  LedgerChanges,
  periodBounds,
  PriceListEntry,
  priceCustomerUsage,
} from '@itops/billing/domain';
import { BillingRepository, BillingRunRepository, type IssuedRun, type LateLedgerItem } from '@itops/billing/data-access';
import type { EntityManager } from '@itops/shared/persistence';
import Decimal from 'decimal.js';

/** The offering whose ledger items are the headcount (ITOPS_BILLING_HEADCOUNT_OFFERING). */
export const HEADCOUNT_OFFERING = Symbol('HEADCOUNT_OFFERING');

export interface BillingRunResult {
  runId: string;
  period: string;
  status: 'draft';
  invoices: Invoice[];
  totalSek: string;
}

/** What pricing a month needs besides the ledger. */
interface Catalogue {
  priceList: readonly PriceListEntry[];
  agreements: readonly Agreement[];
  customerCodes: readonly string[];
}

/**
 * The monthly billing run: every customer with volumes, an agreement or a headcount share in
 * the period gets an invoice of quantity × price lines, each linked to its ledger items; and
 * every issued period whose ledger has changed since gets its difference billed as credit
 * or debit lines on this period's invoices. A run is a draft and may be repeated (the latest
 * replaces the previous one) until the period is issued.
 */
@Injectable()
export class BillingRun {
  constructor(
    private readonly catalogue: BillingRepository,
    private readonly runs: BillingRunRepository,
    @Inject(HEADCOUNT_OFFERING) private readonly headcountOffering: string,
  ) {}

  async execute(period: string): Promise<BillingRunResult> {
    const { firstDay, lastDay } = periodBounds(period);
    return this.runs.exclusively(async (m) => {
      const issued = await this.runs.findRun(period, 'issued', m);
      if (issued) {
        throw new BillingException(
          BillingExceptionCode.PERIOD_ISSUED,
          `period ${period} was issued at ${issued.issuedAt?.toISOString()} and may not be run again; ` +
            'changes to its volumes are billed as corrections in the next period that is not issued',
        );
      }
      const catalogue: Catalogue = {
        priceList: await this.catalogue.priceList(m),
        agreements: await this.catalogue.agreements(m),
        customerCodes: (await this.catalogue.customers(m)).map((customer) => customer.code),
      };
      const lines = await this.priceMonth(m, period, catalogue);
      for (const correction of await this.corrections(m, period, catalogue)) {
        lines.set(correction.customerCode, [...(lines.get(correction.customerCode) ?? []), correction]);
      }
      const invoices = [...lines]
        .filter(([, customerLines]) => customerLines.length > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([customerCode, customerLines]) => buildInvoice(customerCode, period, customerLines));
      const totalSek = formatSek(invoices.reduce((sum, invoice) => sum.plus(invoice.totalSek), new Decimal(0)));
      // The prices the period is billed with, kept with the run: a correction of it after
      // issue prices the changed ledger with the same prices.
      const prices = catalogue.priceList.filter((entry) => daysOverlapping(entry.validFrom, entry.validTo, firstDay, lastDay) > 0);
      const runId = await this.runs.saveDraft(m, period, invoices, totalSek, prices);
      return { runId, period, status: 'draft', invoices, totalSek };
    });
  }

  /**
   * Prices every customer's month from the ledger as it is now. Customers are those of the
   * register, and any with usage, an agreement or a headcount in the period. PostgreSQL sums
   * the month per customer, offering and unit cost (and counts the headcount); the domain
   * prices the sums, so the run reads a few hundred rows, not every ledger item.
   */
  private async priceMonth(m: EntityManager, period: string, catalogue: Catalogue): Promise<Map<string, InvoiceLine[]>> {
    const { firstDay, lastDay } = periodBounds(period);
    const aggregates = await this.catalogue.usageAggregates(m, firstDay, lastDay);
    // All of them, the headcount's too: a contradictory ledger item refuses the run even where it is not billed.
    checkUsageAggregates(aggregates);
    const headcount = headcountFromPersons(await this.catalogue.headcountPersons(m, this.headcountOffering, lastDay), lastDay);
    // The headcount items are the allocation key, not a service, unless the price list sells them.
    const billsHeadcount = findPriceEntry(catalogue.priceList, this.headcountOffering, period) !== undefined;
    const usage = groupByCustomer(billsHeadcount ? aggregates : aggregates.filter((aggregate) => aggregate.offeringCode !== this.headcountOffering));
    const agreed = catalogue.agreements
      .filter((agreement) => daysOverlapping(agreement.validFrom, agreement.validTo, firstDay, lastDay) > 0)
      .map((agreement) => agreement.customerCode);
    const customerCodes = new Set([...catalogue.customerCodes, ...usage.keys(), ...agreed, ...headcount.byCustomer.keys()]);

    const lines = new Map<string, InvoiceLine[]>();
    for (const customerCode of [...customerCodes].sort()) {
      lines.set(
        customerCode,
        priceCustomerUsage({
          period,
          customerCode,
          priceList: catalogue.priceList,
          usage: usage.get(customerCode) ?? [],
          agreements: catalogue.agreements,
          headcount: headcountOf(headcount, customerCode),
        }),
      );
    }
    return lines;
  }

  /**
   * The corrections this period carries: for each issued period before it whose ledger (or
   * agreements) changed since its run read them, the period priced again with the prices it
   * was issued with, less everything billed for it so far. Only the items the issued run did
   * not see count in a correction's reason.
   */
  private async corrections(m: EntityManager, period: string, catalogue: Catalogue): Promise<InvoiceLine[]> {
    const lines: InvoiceLine[] = [];
    for (const issued of await this.runs.issuedRunsBefore(m, period)) {
      const { firstDay, lastDay } = periodBounds(issued.period);
      const late = await this.catalogue.ledgerItemsSince(m, issued.id, firstDay, lastDay);
      if (late.length === 0 && !(await this.catalogue.agreementsChangedSince(m, issued.id))) continue;

      const recomputed = await this.priceMonth(m, issued.period, { ...catalogue, priceList: issuedPrices(issued, catalogue.priceList) });
      const billed = groupByCustomer(await this.runs.billedFor(m, issued.period));
      const changes = this.changesOf(late.filter((item) => !item.seen));
      for (const customerCode of [...new Set([...recomputed.keys(), ...billed.keys()])].sort()) {
        lines.push(
          ...correctionLines({
            period,
            correctsPeriod: issued.period,
            customerCode,
            billed: billed.get(customerCode) ?? [],
            recomputed: recomputed.get(customerCode) ?? [],
            changes: (offeringCode, measure) =>
              measure === 'fordelning-antal-anstallda' ? changes.headcount : changes.byOffering.get(`${customerCode};${offeringCode}`),
          }),
        );
      }
    }
    return lines;
  }

  /** Late ledger items counted per customer and offering; headcount items over all customers (they move every share). */
  private changesOf(late: readonly LateLedgerItem[]): { byOffering: Map<string, LedgerChanges>; headcount: LedgerChanges } {
    const tally = (items: readonly LateLedgerItem[]): LedgerChanges => ({
      added: items.filter((item) => item.kind === 'open').length,
      ended: items.filter((item) => item.kind === 'close').length,
      adjusted: items.filter((item) => item.kind === 'adjust').length,
      itemIds: items.map((item) => item.id),
    });
    const byKey = groupBy(late, (item) => `${item.customerCode};${item.offeringCode}`);
    return {
      byOffering: new Map([...byKey].map(([key, items]) => [key, tally(items)])),
      headcount: tally(late.filter((item) => item.offeringCode === this.headcountOffering)),
    };
  }
}

/**
 * The issued run's prices; an offering it had no price for (the ledger now has usage of a
 * new offering in that period) takes the current price list's.
 */
function issuedPrices(issued: IssuedRun, current: readonly PriceListEntry[]): PriceListEntry[] {
  const priced = new Set(issued.priceList.map((entry) => entry.offeringCode));
  return [...issued.priceList, ...current.filter((entry) => !priced.has(entry.offeringCode))];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function groupByCustomer<T extends { customerCode: string }>(items: readonly T[]): Map<string, T[]> {
  return groupBy(items, (item) => item.customerCode);
}
