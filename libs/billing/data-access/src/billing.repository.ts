import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Agreement, Customer, PriceListEntry, UsageItem } from '@itops/billing/domain';
import { trimDecimal } from './decimal-text';

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
  /** Monthly unit cost in SEK for pass-through (vidarefakturering); null when the price list applies. */
  unitCostSek?: string | null;
}

/** A usage item with the customer it is billed to. */
export type CustomerUsageItem = UsageItem & { customerCode: string };

/** A ledger item received about or after the time a run read the ledger, bearing on the run's period. */
export interface LateLedgerItem {
  id: string;
  kind: 'open' | 'close' | 'adjust';
  customerCode: string;
  offeringCode: string;
  /** True when the run saw it after all (its transaction committed before the run's snapshot). */
  seen: boolean;
}

/**
 * When a run read the ledger, less a margin. A run's created_at is the start of the
 * transaction that read it; an item whose transaction began before that but committed after
 * the read is not on the run, and its received_at lies (by the length of one consumer
 * transaction) before created_at. The margin takes such items in; which of them the run saw
 * is then told exactly by its ledger snapshot. Time, not the snapshot alone, decides what is
 * looked at, so that transaction ids that do not survive a logical restore of the database
 * can never hide a late item (at worst they miscount a correction's reason).
 */
const READ_BASIS = `SELECT created_at - interval '1 minute' FROM billing_run WHERE id = $1`;

/**
 * The catalogue (price list, customers, agreements) and billing's copy of the ledger. Reads
 * take an optional EntityManager, so a billing run reads everything in its one transaction.
 */
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

  /**
   * Adds the agreements; one for the same customer, offering and first day is replaced, so
   * an agreement is ended by importing its row again with giltig_till.
   */
  async saveAgreements(agreements: readonly Agreement[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (const a of agreements) {
        await m.query(
          `INSERT INTO agreement (customer_code, offering_code, valid_from, valid_to) VALUES ($1, $2, $3, $4)
           ON CONFLICT (customer_code, offering_code, valid_from) DO UPDATE SET valid_to = $4, imported_at = now()`,
          [a.customerCode, a.offeringCode, a.validFrom, a.validTo],
        );
      }
    });
  }

  async customers(m: EntityManager = this.dataSource.manager): Promise<Customer[]> {
    return m.query(`SELECT code, name, type, cost_centres AS "costCentres" FROM customer ORDER BY code`);
  }

  async priceList(m: EntityManager = this.dataSource.manager): Promise<PriceListEntry[]> {
    return m.query(
      `SELECT offering_code AS "offeringCode", offering_name AS "offeringName", unit, measure, price_sek::text AS "priceSek",
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", offering_type AS "offeringType"
         FROM price_list_entry ORDER BY offering_code, valid_from`,
    );
  }

  async agreements(m: EntityManager = this.dataSource.manager): Promise<Agreement[]> {
    return m.query(
      `SELECT customer_code AS "customerCode", offering_code AS "offeringCode",
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
         FROM agreement ORDER BY customer_code, offering_code, valid_from`,
    );
  }

  /** True when an agreement was imported since the given run read the catalogue (see ledgerItemsSince). */
  async agreementsChangedSince(m: EntityManager, runId: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM agreement WHERE imported_at > (${READ_BASIS})) AS changed`,
      [runId],
    );
    return row.changed === true;
  }

  /** Records a ledger item once: a redelivered event, or one that arrives twice, changes nothing. */
  async addUsageItem(manager: EntityManager, item: UsageItemRow): Promise<void> {
    await manager.query(
      `INSERT INTO usage_item (id, kind, refers_to, customer_code, offering_code, subject_type, subject_id, quantity, valid_from, valid_to, unit_cost_sek)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [
        item.id,
        item.kind,
        item.refersTo,
        item.customerCode,
        item.offeringCode,
        item.subjectType,
        item.subjectId,
        item.quantity,
        item.validFrom,
        item.validTo,
        item.unitCostSek ?? null,
      ],
    );
  }

  /**
   * Usage items overlapping [from, to] as held now: an open item ends on the last day its
   * latest close item gives (a close dated back later wins over an earlier one).
   */
  async usageItems(m: EntityManager, from: string, to: string): Promise<CustomerUsageItem[]> {
    const rows: Array<Omit<CustomerUsageItem, 'unitCostSek'> & { unitCostSek: string | null }> = await m.query(
      `SELECT o.id, o.customer_code AS "customerCode", o.offering_code AS "offeringCode", o.subject_id AS "subjectId",
              o.quantity::text AS quantity, to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(COALESCE(c.valid_to, o.valid_to), 'YYYY-MM-DD') AS "validTo", o.unit_cost_sek::text AS "unitCostSek"
         FROM usage_item o
         LEFT JOIN LATERAL (
           SELECT valid_to FROM usage_item c WHERE c.kind = 'close' AND c.refers_to = o.id ORDER BY c.received_at DESC, c.id DESC LIMIT 1
         ) c ON true
        WHERE o.kind IN ('open', 'adjust') AND o.valid_from <= $2 AND COALESCE(c.valid_to, o.valid_to, 'infinity') >= $1
        ORDER BY o.customer_code, o.id`,
      [from, to],
    );
    // An item without a unit cost is priced at the list price: the field is left out, not null.
    return rows.map(({ unitCostSek, ...row }) => ({ ...row, quantity: trimDecimal(row.quantity), ...(unitCostSek === null ? {} : { unitCostSek }) }));
  }

  /** Usage per customer overlapping [from, to], with close items applied to the items they end. */
  async usageForPeriod(from: string, to: string): Promise<Map<string, UsageItem[]>> {
    const byCustomer = new Map<string, UsageItem[]>();
    for (const { customerCode, ...item } of await this.usageItems(this.dataSource.manager, from, to)) {
      byCustomer.set(customerCode, [...(byCustomer.get(customerCode) ?? []), item]);
    }
    return byCustomer;
  }

  /**
   * The ledger items received since a run read the ledger that bear on [from, to] (its
   * period): open and adjust items held on a day of it, and close items that end an item
   * before the period's last day. Since the run's draft was made, not since its issue: an
   * item that arrived between the two is not on the issued invoices either.
   */
  async ledgerItemsSince(m: EntityManager, runId: string, from: string, to: string): Promise<LateLedgerItem[]> {
    return m.query(
      `SELECT id, kind, customer_code AS "customerCode", offering_code AS "offeringCode",
              COALESCE(pg_visible_in_snapshot(received_xid, (SELECT ledger_snapshot FROM billing_run WHERE id = $1)), true) AS seen
         FROM usage_item
        WHERE received_at > (${READ_BASIS})
          AND valid_from <= $3
          AND ((kind IN ('open', 'adjust') AND COALESCE(valid_to, 'infinity') >= $2) OR (kind = 'close' AND valid_to < $3))
        ORDER BY id`,
      [runId, from, to],
    );
  }
}
