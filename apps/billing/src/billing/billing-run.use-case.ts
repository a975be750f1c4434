import { Injectable } from '@nestjs/common';
import { buildInvoice, formatSek, Invoice, periodBounds, priceCustomerPeriod } from '@itops/billing/domain';
import { BillingRepository } from '@itops/billing/data-access';
import Decimal from 'decimal.js';

export interface BillingRunResult {
  runId: string;
  period: string;
  status: 'draft';
  invoices: Invoice[];
  totalSek: string;
}

/**
 * The monthly billing run: every customer with volumes in the period gets an invoice of
 * quantity × price lines from the price list, each line linked to its ledger items.
 * A run is a draft and may be repeated; the latest draft replaces the previous one.
 */
@Injectable()
export class BillingRun {
  constructor(private readonly billing: BillingRepository) {}

  async execute(period: string): Promise<BillingRunResult> {
    const { firstDay, lastDay } = periodBounds(period);
    const [priceList, usage] = await Promise.all([this.billing.priceList(), this.billing.usageForPeriod(firstDay, lastDay)]);
    const invoices: Invoice[] = [];
    for (const [customerCode, items] of [...usage].sort(([a], [b]) => a.localeCompare(b))) {
      const lines = priceCustomerPeriod({ period, customerCode, priceList, usage: items });
      if (lines.length > 0) invoices.push(buildInvoice(customerCode, period, lines));
    }
    const totalSek = formatSek(invoices.reduce((sum, i) => sum.plus(i.totalSek), new Decimal(0)));
    const runId = await this.billing.saveDraft(period, invoices, totalSek);
    return { runId, period, status: 'draft', invoices, totalSek };
  }
}
