import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Agreement, Customer, PriceListEntry, UsageAggregate, UsageItem } from '@itops/billing/domain';
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

/** A month's usage summed per customer, offering and unit cost. */
export type CustomerUsageAggregate = UsageAggregate & { customerCode: string };

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
 * The open and adjust items held on a day of [$1, $2] (and meeting `where`), as `held`, with
 * the last day their latest close gives them (a close dated back later wins over an earlier
 * one). The closes are joined by hash, not looked up item by item: a month has thousands of
 * them and hundreds of thousands of items.
 */
const heldItems = (where = 'true') => `
  WITH latest_close AS (
    SELECT DISTINCT ON (refers_to) refers_to, valid_to FROM usage_item WHERE kind = 'close' ORDER BY refers_to, received_at DESC, id DESC
  ), held AS (
    SELECT o.id, o.customer_code, o.offering_code, o.subject_id, o.unit_cost_sek, o.quantity, o.valid_from,
           COALESCE(c.valid_to, o.valid_to) AS last_day
      FROM usage_item o LEFT JOIN latest_close c ON c.refers_to = o.id
     WHERE o.kind IN ('open', 'adjust') AND o.valid_from <= $2::date AND COALESCE(c.valid_to, o.valid_to, 'infinity') >= $1::date AND ${where}
  )`;

interface AggregateRow extends Omit<CustomerUsageAggregate, 'unitCostSek' | 'itemIdsAtMonthEnd' | 'itemIdsEndedInMonth' | 'invalidItem'> {
  unitCostSek: string | null;
  idsAtMonthEnd: string | null;
  idsEnded: string | null;
  invalidItem: UsageAggregate['invalidItem'] | null;
}

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
      `${heldItems()}
       SELECT id, customer_code AS "customerCode", offering_code AS "offeringCode", subject_id AS "subjectId", quantity::text AS quantity,
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(last_day, 'YYYY-MM-DD') AS "validTo", unit_cost_sek::text AS "unitCostSek"
         FROM held
        ORDER BY customer_code, id`,
      [from, to],
    );
    // An item without a unit cost is priced at the list price: the field is left out, not null.
    return rows.map(({ unitCostSek, ...row }) => ({ ...row, quantity: trimDecimal(row.quantity), ...(unitCostSek === null ? {} : { unitCostSek }) }));
  }

  /**
   * A month's usage summed in PostgreSQL, per customer, offering and unit cost (costs equal as
   * numbers are one group): Σ quantity on the month's last day, Σ quantity, Σ quantity × days
   * held within the month (first and last day clipped to it, calendar days), and the ids of
   * the items on the last day and of those that ended before it. This is aggregateUsage of
   * @itops/billing/domain done where the items are, so only the sums and the ids leave the
   * database (one row per group instead of one per item). The groups come in no particular
   * order. The items are sorted by id once and then hashed into their groups, so each group's
   * ids come in id order (uuid order is the order of their text): ordered aggregates would
   * make PostgreSQL sort the month by text keys instead (about twice the time), and sorting
   * 10^5 ids in the process costs more still. Pricing checks the order and sorts if needed.
   * Call it in the run's transaction: the hash of a city's month needs more than the default
   * work_mem, which is raised for that transaction only.
   */
  async usageAggregates(m: EntityManager, from: string, to: string): Promise<CustomerUsageAggregate[]> {
    await m.query(`SET LOCAL work_mem = '64MB'`);
    const rows: AggregateRow[] = await m.query(
      `${heldItems()}
       SELECT customer_code AS "customerCode", offering_code AS "offeringCode", unit_cost_sek::text AS "unitCostSek",
              COALESCE(sum(quantity) FILTER (WHERE last_day IS NULL OR last_day >= $2), 0)::text AS "quantityAtMonthEnd",
              sum(quantity)::text AS "quantityHeld",
              sum(quantity * (LEAST(COALESCE(last_day, $2::date), $2::date) - GREATEST(valid_from, $1::date) + 1))::text AS "quantityDays",
              array_to_string(array_agg(id) FILTER (WHERE last_day IS NULL OR last_day >= $2), ',') AS "idsAtMonthEnd",
              array_to_string(array_agg(id) FILTER (WHERE last_day < $2), ',') AS "idsEnded",
              (array_agg(json_build_object('id', id, 'validFrom', to_char(valid_from, 'YYYY-MM-DD'), 'validTo', to_char(last_day, 'YYYY-MM-DD')))
                 FILTER (WHERE last_day < valid_from))[1] AS "invalidItem"
         FROM (SELECT * FROM held ORDER BY id) held
        GROUP BY customer_code, offering_code, unit_cost_sek`,
      [from, to],
    );
    // Ids travel as one text per group and are split here: far cheaper than the driver's
    // parsing of a uuid[] of 10^5 elements, character by character.
    const ids = (text: string | null) => (text ? text.split(',') : []);
    return rows.map(({ unitCostSek, idsAtMonthEnd, idsEnded, invalidItem, ...row }) => ({
      ...row,
      ...(unitCostSek === null ? {} : { unitCostSek }),
      itemIdsAtMonthEnd: ids(idsAtMonthEnd),
      itemIdsEndedInMonth: ids(idsEnded),
      ...(invalidItem ? { invalidItem } : {}),
    }));
  }

  /**
   * Persons per customer on `day` by the headcount rule of @itops/billing/domain
   * (countHeadcount): a person (subject) counts once per customer when the quantities of its
   * items of `offeringCode` held on the day net above zero. Customers with nobody are absent.
   */
  async headcountPersons(m: EntityManager, offeringCode: string, day: string): Promise<Map<string, number>> {
    const rows: { customerCode: string; persons: number }[] = await m.query(
      `${heldItems('o.offering_code = $3')}
       SELECT customer_code AS "customerCode", count(*)::int AS persons
         FROM (SELECT customer_code FROM held GROUP BY customer_code, subject_id HAVING sum(quantity) > 0) person
        GROUP BY customer_code`,
      [day, day, offeringCode],
    );
    return new Map(rows.map((row) => [row.customerCode, row.persons]));
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
