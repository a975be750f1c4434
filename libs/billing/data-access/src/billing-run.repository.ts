import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BilledAmount, Invoice, InvoiceLine, PriceListEntry } from '@itops/billing/domain';
import { trimDecimal } from './decimal-text';

/**
 * Advisory lock key of billing runs and issues: one at a time across all replicas, so a run
 * never prices against a period that is being issued (shared/DESIGN.md: a job that must run
 * once holds a PostgreSQL advisory lock).
 */
export const BILLING_RUN_LOCK = 5206;

export interface StoredRun {
  id: string;
  period: string;
  status: 'draft' | 'issued';
  totalSek: string;
  createdAt: Date;
  issuedAt: Date | null;
  issuedBy: string | null;
}

export interface StoredInvoice extends Invoice {
  id: string;
}

/** An issued run with the price list entries it was priced with. */
export interface IssuedRun {
  id: string;
  period: string;
  priceList: PriceListEntry[];
}

const RUN_COLUMNS = `id, period, status, total_sek::text AS "totalSek", created_at AS "createdAt", issued_at AS "issuedAt", issued_by AS "issuedBy"`;

const LINE_COLUMNS = `l.offering_code AS "offeringCode", l.offering_name AS "offeringName", l.offering_type AS "offeringType", l.measure, l.unit,
              l.quantity::text AS quantity, l.unit_price_sek::text AS "unitPriceSek", l.amount_sek::text AS "amountSek",
              to_char(l.price_valid_from, 'YYYY-MM-DD') AS "priceValidFrom", array_to_string(l.item_ids, ',') AS "itemIds", l.allocation,
              l.corrects_period AS "correctsPeriod", l.reason`;

/** An invoice line as LINE_COLUMNS reads it: the item ids as one comma-separated text. */
type StoredLineRow = Omit<InvoiceLine, 'itemIds'> & { itemIds: string };

/** Billing runs with their invoices and lines. Issued runs are immutable (the database refuses changes). */
@Injectable()
export class BillingRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs fn holding the billing-run lock, in a REPEATABLE READ transaction begun once the
   * lock is held: every read of the run sees one state of the ledger (the snapshot saveDraft
   * records), and that state includes whatever the previous holder of the lock committed.
   */
  async exclusively<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [BILLING_RUN_LOCK]);
      try {
        await runner.startTransaction('REPEATABLE READ');
        try {
          const result = await fn(runner.manager);
          await runner.commitTransaction();
          return result;
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [BILLING_RUN_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  async findRun(period: string, status: 'draft' | 'issued', m: EntityManager = this.dataSource.manager): Promise<StoredRun | undefined> {
    const [run] = await m.query(`SELECT ${RUN_COLUMNS} FROM billing_run WHERE period = $1 AND status = $2`, [period, status]);
    return run;
  }

  /** The period's issued run, else its draft. */
  async currentRun(period: string, m: EntityManager = this.dataSource.manager): Promise<StoredRun | undefined> {
    return (await this.findRun(period, 'issued', m)) ?? (await this.findRun(period, 'draft', m));
  }

  /**
   * Replaces the period's draft run with a new one, priced with `priceList`, recording the
   * transaction's snapshot as the ledger it saw (call it inside exclusively()).
   */
  async saveDraft(m: EntityManager, period: string, invoices: readonly Invoice[], totalSek: string, priceList: readonly PriceListEntry[]): Promise<string> {
    await m.query(`DELETE FROM billing_run WHERE period = $1 AND status = 'draft'`, [period]);
    const runId = randomUUID();
    await m.query(`INSERT INTO billing_run (id, period, status, total_sek, price_list, ledger_snapshot) VALUES ($1, $2, 'draft', $3, $4, pg_current_snapshot())`, [
      runId,
      period,
      totalSek,
      JSON.stringify(priceList),
    ]);
    // Two statements whatever the size of the run: the invoices, then all their lines, each
    // line's item ids as one comma-separated text (far cheaper to send than a uuid[] per line).
    const invoiceIds = invoices.map(() => randomUUID());
    await m.query(
      `INSERT INTO invoice (id, run_id, customer_code, total_sek)
       SELECT id, $1, customer_code, total_sek FROM unnest($2::uuid[], $3::text[], $4::numeric[]) AS i (id, customer_code, total_sek)`,
      [runId, invoiceIds, invoices.map((invoice) => invoice.customerCode), invoices.map((invoice) => invoice.totalSek)],
    );
    const rows = invoices.flatMap((invoice, k) => invoice.lines.map((line, index) => ({ invoiceId: invoiceIds[k], lineNo: index + 1, line })));
    if (rows.length === 0) return runId;
    const column = <T>(value: (row: (typeof rows)[number]['line']) => T) => rows.map((row) => value(row.line));
    await m.query(
      `INSERT INTO invoice_line (id, invoice_id, line_no, offering_code, offering_name, offering_type, measure, unit, quantity, unit_price_sek,
                                 amount_sek, price_valid_from, item_ids, allocation, corrects_period, reason)
       SELECT id, invoice_id, line_no, offering_code, offering_name, offering_type, measure, unit, quantity, unit_price_sek, amount_sek, price_valid_from,
              string_to_array(item_ids, ',')::uuid[], allocation, corrects_period, reason
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::numeric[],
                     $11::numeric[], $12::date[], $13::text[], $14::jsonb[], $15::text[], $16::text[])
           AS l (id, invoice_id, line_no, offering_code, offering_name, offering_type, measure, unit, quantity, unit_price_sek, amount_sek,
                 price_valid_from, item_ids, allocation, corrects_period, reason)`,
      [
        rows.map(() => randomUUID()),
        rows.map((row) => row.invoiceId),
        rows.map((row) => row.lineNo),
        column((line) => line.offeringCode),
        column((line) => line.offeringName),
        column((line) => line.offeringType),
        column((line) => line.measure),
        column((line) => line.unit),
        column((line) => line.quantity),
        column((line) => line.unitPriceSek),
        column((line) => line.amountSek),
        column((line) => line.priceValidFrom),
        column((line) => line.itemIds.join(',')),
        column((line) => (line.allocation ? JSON.stringify(line.allocation) : null)),
        column((line) => line.correctsPeriod ?? null),
        column((line) => line.reason ?? null),
      ],
    );
    return runId;
  }

  /** A run's invoices by customer code, lines in their order. */
  async invoices(runId: string, m: EntityManager = this.dataSource.manager): Promise<StoredInvoice[]> {
    const rows: (StoredLineRow & { invoiceId: string; invoiceTotalSek: string; lineNo: number | null })[] = await m.query(
      `SELECT i.id AS "invoiceId", i.customer_code AS "customerCode", i.total_sek::text AS "invoiceTotalSek", r.period, l.line_no AS "lineNo",
              ${LINE_COLUMNS}
         FROM invoice i JOIN billing_run r ON r.id = i.run_id LEFT JOIN invoice_line l ON l.invoice_id = i.id
        WHERE i.run_id = $1
        ORDER BY i.customer_code, l.line_no`,
      [runId],
    );
    const invoices = new Map<string, StoredInvoice>();
    for (const { invoiceId, invoiceTotalSek, lineNo, ...line } of rows) {
      const invoice = invoices.get(invoiceId) ?? { id: invoiceId, customerCode: line.customerCode, period: line.period, lines: [], totalSek: invoiceTotalSek };
      invoices.set(invoiceId, invoice);
      if (lineNo !== null) invoice.lines.push(toLine(line));
    }
    return [...invoices.values()];
  }

  /** The issued runs of periods before `period`, oldest first, with the prices they were issued with. */
  async issuedRunsBefore(m: EntityManager, period: string): Promise<IssuedRun[]> {
    return m.query(`SELECT id, period, price_list AS "priceList" FROM billing_run WHERE status = 'issued' AND period < $1 ORDER BY period`, [period]);
  }

  /** Everything billed for an issued period so far: its issued lines and the corrections of it on issued invoices since. */
  async billedFor(m: EntityManager, period: string): Promise<InvoiceLine[]> {
    const rows: StoredLineRow[] = await m.query(
      `SELECT i.customer_code AS "customerCode", r.period, ${LINE_COLUMNS}
         FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id JOIN billing_run r ON r.id = i.run_id
        WHERE r.status = 'issued' AND ((r.period = $1 AND l.corrects_period IS NULL) OR l.corrects_period = $1)
        ORDER BY i.customer_code, r.period, l.line_no`,
      [period],
    );
    return rows.map(toLine);
  }

  /** Periods issued after the given run was made: a draft made before them may carry out-of-date corrections. */
  async issuedSince(m: EntityManager, runId: string): Promise<string[]> {
    const rows: { period: string }[] = await m.query(
      `SELECT period FROM billing_run WHERE status = 'issued' AND issued_at > (SELECT created_at FROM billing_run WHERE id = $1) ORDER BY period`,
      [runId],
    );
    return rows.map((row) => row.period);
  }

  /** Makes a draft final. From here on the database refuses any change to the run, its invoices and lines. */
  async markIssued(m: EntityManager, runId: string, issuedBy: string): Promise<void> {
    await m.query(`UPDATE billing_run SET status = 'issued', issued_at = now(), issued_by = $2 WHERE id = $1 AND status = 'draft'`, [runId, issuedBy]);
  }

  /**
   * For a year's forecast: the periods with a run (the issued one, else the draft) and their
   * amounts per customer, offering and period, corrections apart.
   */
  async yearAmounts(year: number): Promise<{ runPeriods: string[]; billed: BilledAmount[] }> {
    const runs: { id: string; period: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (period) id, period FROM billing_run WHERE period BETWEEN $1 AND $2 ORDER BY period, (status = 'issued') DESC`,
      [`${year}-01`, `${year}-12`],
    );
    if (runs.length === 0) return { runPeriods: [], billed: [] };
    const billed: BilledAmount[] = await this.dataSource.query(
      `SELECT r.period, i.customer_code AS "customerCode", l.offering_code AS "offeringCode",
              sum(l.amount_sek)::numeric(16, 2)::text AS "amountSek", (l.corrects_period IS NOT NULL) AS correction
         FROM billing_run r JOIN invoice i ON i.run_id = r.id JOIN invoice_line l ON l.invoice_id = i.id
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.period, i.customer_code, l.offering_code, (l.corrects_period IS NOT NULL)
        ORDER BY r.period, i.customer_code, l.offering_code`,
      [runs.map((run) => run.id)],
    );
    return { runPeriods: runs.map((run) => run.period), billed };
  }
}

/** A stored line as the domain's InvoiceLine: no empty optional fields, quantities without padding. */
function toLine(row: StoredLineRow): InvoiceLine {
  const { allocation, correctsPeriod, reason, itemIds, ...line } = row;
  return {
    ...line,
    // The item ids come as one text (a uuid[] of 10^5 elements is slow to parse in the driver).
    itemIds: itemIds ? itemIds.split(',') : [],
    quantity: trimDecimal(line.quantity),
    ...(allocation ? { allocation } : {}),
    ...(correctsPeriod ? { correctsPeriod, reason: reason ?? '' } : {}),
  };
}
