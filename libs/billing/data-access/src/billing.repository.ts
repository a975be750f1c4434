import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Customer, Invoice, PriceListEntry, UsageItem } from '@itops/billing/domain';

export interface UsageItemRow {
  id: string;
  kind: string;
  refersTo: string | null;
  customerCode: string;
  offeringCode: string;
  subjectType: string;
  subjectId: string;
  quantity: string;
  validFrom: string;
  validTo: string | null;
}

export interface StoredRun {
  id: string;
  period: string;
  status: 'draft' | 'issued';
  totalSek: string;
}

/** Price lists, billing's copy of the ledger, and billing runs with their invoices. */
@Injectable()
export class BillingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Adds the entries; an entry for the same offering and start date is replaced (a re-import). */
  async savePriceList(entries: readonly PriceListEntry[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (const e of entries) {
        await m.query(
          `INSERT INTO price_list_entry (offering_code, offering_name, unit, measure, price_sek, valid_from, valid_to, offering_type)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (offering_code, valid_from) DO UPDATE SET offering_name = $2, unit = $3, measure = $4, price_sek = $5, valid_to = $7, offering_type = $8, imported_at = now()`,
          [e.offeringCode, e.offeringName, e.unit, e.measure, e.priceSek, e.validFrom, e.validTo, e.offeringType],
        );
      }
    });
  }

  /** Adds or updates the customers; customers missing from the file are kept (invoices refer to them). */
  async saveCustomers(customers: readonly Customer[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (const c of customers) {
        await m.query(
          `INSERT INTO customer (code, name, type, cost_centres) VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO UPDATE SET name = $2, type = $3, cost_centres = $4, imported_at = now()`,
          [c.code, c.name, c.type, c.costCentres],
        );
      }
    });
  }

  async customers(): Promise<Customer[]> {
    return this.dataSource.query(`SELECT code, name, type, cost_centres AS "costCentres" FROM customer ORDER BY code`);
  }

  async priceList(): Promise<PriceListEntry[]> {
    return this.dataSource.query(
      `SELECT offering_code AS "offeringCode", offering_name AS "offeringName", unit, measure, price_sek::text AS "priceSek",
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", offering_type AS "offeringType"
         FROM price_list_entry ORDER BY offering_code, valid_from`,
    );
  }

  async addUsageItem(manager: EntityManager, item: UsageItemRow): Promise<void> {
    await manager.query(
      `INSERT INTO usage_item (id, kind, refers_to, customer_code, offering_code, subject_type, subject_id, quantity, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [item.id, item.kind, item.refersTo, item.customerCode, item.offeringCode, item.subjectType, item.subjectId, item.quantity, item.validFrom, item.validTo],
    );
  }

  /** Usage per customer overlapping [from, to], with close items applied to the items they end. */
  async usageForPeriod(from: string, to: string): Promise<Map<string, UsageItem[]>> {
    const rows: (UsageItem & { customerCode: string })[] = await this.dataSource.query(
      `SELECT o.id, o.customer_code AS "customerCode", o.offering_code AS "offeringCode", o.subject_id AS "subjectId",
              o.quantity::text AS quantity, to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(COALESCE(c.valid_to, o.valid_to), 'YYYY-MM-DD') AS "validTo"
         FROM usage_item o LEFT JOIN usage_item c ON c.kind = 'close' AND c.refers_to = o.id
        WHERE o.kind IN ('open', 'adjust') AND o.valid_from <= $2 AND COALESCE(c.valid_to, o.valid_to, 'infinity') >= $1
        ORDER BY o.customer_code, o.id`,
      [from, to],
    );
    const byCustomer = new Map<string, UsageItem[]>();
    for (const { customerCode, ...item } of rows) {
      const quantity = item.quantity.replace(/\.?0+$/, '') || '0';
      byCustomer.set(customerCode, [...(byCustomer.get(customerCode) ?? []), { ...item, quantity }]);
    }
    return byCustomer;
  }

  async findRun(period: string, status: 'draft' | 'issued'): Promise<StoredRun | undefined> {
    const [run] = await this.dataSource.query(
      `SELECT id, period, status, total_sek::text AS "totalSek" FROM billing_run WHERE period = $1 AND status = $2`,
      [period, status],
    );
    return run;
  }

  /** Replaces the period's draft run with a new one. */
  async saveDraft(period: string, invoices: readonly Invoice[], totalSek: string): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM billing_run WHERE period = $1 AND status = 'draft'`, [period]);
      const runId = randomUUID();
      await m.query(`INSERT INTO billing_run (id, period, status, total_sek) VALUES ($1, $2, 'draft', $3)`, [runId, period, totalSek]);
      for (const invoice of invoices) {
        const invoiceId = randomUUID();
        await m.query('INSERT INTO invoice (id, run_id, customer_code, total_sek) VALUES ($1, $2, $3, $4)', [invoiceId, runId, invoice.customerCode, invoice.totalSek]);
        let lineNo = 0;
        for (const line of invoice.lines) {
          await m.query(
            `INSERT INTO invoice_line (id, invoice_id, line_no, offering_code, offering_name, measure, unit, quantity, unit_price_sek, amount_sek, item_ids)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [randomUUID(), invoiceId, ++lineNo, line.offeringCode, line.offeringName, line.measure, line.unit, line.quantity, line.unitPriceSek, line.amountSek, line.itemIds],
          );
        }
      }
      return runId;
    });
  }
}
