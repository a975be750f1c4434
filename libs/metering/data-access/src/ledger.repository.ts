import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { VolumeItem } from '@itops/metering/domain';
import { LedgerItem } from './ledger-item.entity';

export interface LedgerQuery {
  customerCode: string;
  /** First and last day of the period, inclusive. */
  from: string;
  to: string;
  offeringCode?: string;
}

/** An open or adjust item with the close that ended it, and whose customer it is. */
export interface LedgerVolumeItem extends VolumeItem {
  readonly customerCode: string;
}

/**
 * Open and adjust items with their close item (at most one: the ledger_item_one_close index),
 * as the volumes read them. Quantities and dates as text: exact, and no time zone in between.
 */
const VOLUME_ITEMS = `
  SELECT o.id, o.kind, o.customer_code AS "customerCode", o.offering_code AS "offeringCode",
         o.subject_type AS "subjectType", o.subject_id AS "subjectId", o.quantity::text AS quantity,
         to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(o.valid_to, 'YYYY-MM-DD') AS "validTo",
         o.source_event_id AS "sourceEventId", o.reason, o.operator,
         c.id AS "closeId", to_char(c.valid_to, 'YYYY-MM-DD') AS "closeValidTo", c.source_event_id AS "closeEventId"
    FROM ledger_item o
    LEFT JOIN ledger_item c ON c.kind = 'close' AND c.refers_to = o.id
   WHERE o.kind IN ('open', 'adjust')`;

/** A ledger row as the entity reads it, from alias `o`. */
const ITEM_COLUMNS = `o.id, o.kind, o.refers_to AS "refersTo", o.customer_code AS "customerCode", o.offering_code AS "offeringCode",
       o.subject_type AS "subjectType", o.subject_id AS "subjectId", o.quantity::text AS quantity,
       to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(o.valid_to, 'YYYY-MM-DD') AS "validTo",
       o.source_event_id AS "sourceEventId", o.reason, o.operator, o.unit_cost_sek::text AS "unitCostSek", o.recorded_at AS "recordedAt"`;

interface VolumeRow extends Omit<LedgerVolumeItem, 'close'> {
  closeId: string | null;
  closeValidTo: string | null;
  closeEventId: string | null;
}

const toVolumeItem = ({ closeId, closeValidTo, closeEventId, ...item }: VolumeRow): LedgerVolumeItem => ({
  ...item,
  close: closeId === null ? null : { id: closeId, validTo: closeValidTo as string, sourceEventId: closeEventId },
});

/** Identifies a subject's open item for an offering (what `findOpen` looks for). */
export const openItemKey = (s: { subjectType: string; subjectId: string; offeringCode: string }): string => `${s.subjectType}\u0000${s.subjectId}\u0000${s.offeringCode}`;

@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends an item: one INSERT (no read first; the ledger never updates a row). */
  async append(manager: EntityManager, item: Omit<LedgerItem, 'recordedAt'>): Promise<LedgerItem> {
    const entity = manager.getRepository(LedgerItem).create(item);
    await manager.getRepository(LedgerItem).insert(entity);
    return entity;
  }

  /**
   * Appends items with one INSERT (arrays and unnest: a statement of fixed size, cheap to parse
   * however many items). A close may refer to an open item of the same call: the reference is
   * checked at the end of the statement.
   */
  async appendMany(manager: EntityManager, items: Array<Omit<LedgerItem, 'recordedAt'>>): Promise<void> {
    if (items.length === 0) return;
    const column = <K extends keyof Omit<LedgerItem, 'recordedAt'>>(name: K) => items.map((item) => item[name]);
    await manager.query(
      `INSERT INTO ledger_item (id, kind, refers_to, customer_code, offering_code, subject_type, subject_id, quantity, valid_from, valid_to, source_event_id, reason, operator, unit_cost_sek)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::date[], $10::date[], $11::uuid[], $12::text[], $13::text[], $14::numeric[])`,
      [
        column('id'), column('kind'), column('refersTo'), column('customerCode'), column('offeringCode'), column('subjectType'), column('subjectId'),
        column('quantity'), column('validFrom'), column('validTo'), column('sourceEventId'), column('reason'), column('operator'), column('unitCostSek'),
      ],
    );
  }

  /**
   * `findOpen` for many subjects in one query: the open item of each (subject type, id, offering)
   * asked for that has one, keyed by `openItemKey`.
   */
  async findOpenMany(manager: EntityManager, subjects: Array<{ subjectType: string; subjectId: string; offeringCode: string }>): Promise<Map<string, LedgerItem>> {
    const found = new Map<string, LedgerItem>();
    if (subjects.length === 0) return found;
    const wanted = new Set(subjects.map(openItemKey));
    const rows: LedgerItem[] = await manager.query(
      `SELECT ${ITEM_COLUMNS}
         FROM ledger_item o
        WHERE o.subject_id = ANY($1::text[]) AND o.kind = 'open' AND o.valid_to IS NULL
          AND NOT EXISTS (SELECT 1 FROM ledger_item c WHERE c.kind = 'close' AND c.refers_to = o.id)
        ORDER BY o.valid_from DESC`,
      [[...new Set(subjects.map((s) => s.subjectId))]],
    );
    // Latest valid_from first, as findOpen's LIMIT 1 takes it.
    for (const row of rows) {
      const key = openItemKey(row);
      if (wanted.has(key) && !found.has(key)) found.set(key, row);
    }
    return found;
  }

  /** The open item of a subject for an offering that no close item has ended yet: one query. */
  async findOpen(manager: EntityManager, subjectType: string, subjectId: string, offeringCode: string): Promise<LedgerItem | null> {
    const [row]: LedgerItem[] = await manager.query(
      `SELECT ${ITEM_COLUMNS}
         FROM ledger_item o
        WHERE o.subject_id = $2 AND o.subject_type = $1 AND o.offering_code = $3 AND o.kind = 'open' AND o.valid_to IS NULL
          AND NOT EXISTS (SELECT 1 FROM ledger_item c WHERE c.kind = 'close' AND c.refers_to = o.id)
        ORDER BY o.valid_from DESC
        LIMIT 1`,
      [subjectType, subjectId, offeringCode],
    );
    return row ?? null;
  }

  /**
   * Every open and adjust item of a subject for an offering, at any customer, with its close:
   * what the subject holds, for a use case that works out what to append next. `adjustedBy`, when
   * given, keeps only the adjustments that operator made (and all open items).
   */
  async subjectItems(manager: EntityManager, query: { subjectType: string; subjectId: string; offeringCode: string; adjustedBy?: string }): Promise<LedgerVolumeItem[]> {
    const rows: VolumeRow[] = await manager.query(
      `${VOLUME_ITEMS}
         AND o.subject_type = $1 AND o.subject_id = $2 AND o.offering_code = $3
         AND (o.kind = 'open' OR $4::text IS NULL OR o.operator = $4)
       ORDER BY o.customer_code, o.valid_from, o.id`,
      [query.subjectType, query.subjectId, query.offeringCode, query.adjustedBy ?? null],
    );
    return rows.map(toVolumeItem);
  }

  /** Open and adjust items of a customer held on any day of [from, to], their close applied in the filter. */
  async volumeItems(query: LedgerQuery): Promise<LedgerVolumeItem[]> {
    const rows: VolumeRow[] = await this.dataSource.query(
      `${VOLUME_ITEMS}
         AND o.customer_code = $1 AND o.valid_from <= $3 AND COALESCE(c.valid_to, o.valid_to, 'infinity') >= $2
         AND ($4::text IS NULL OR o.offering_code = $4)
       ORDER BY o.offering_code, o.subject_type, o.subject_id, o.valid_from, o.id`,
      [query.customerCode, query.from, query.to, query.offeringCode ?? null],
    );
    return rows.map(toVolumeItem);
  }

  /** Items of a customer whose validity overlaps the period (close items applied by the reader). */
  async forPeriod(query: LedgerQuery): Promise<LedgerItem[]> {
    return this.dataSource.getRepository(LedgerItem).query(
      `SELECT o.id, o.kind, o.refers_to AS "refersTo", o.customer_code AS "customerCode", o.offering_code AS "offeringCode",
              o.subject_type AS "subjectType", o.subject_id AS "subjectId", o.quantity::text AS quantity,
              to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(COALESCE(c.valid_to, o.valid_to), 'YYYY-MM-DD') AS "validTo",
              o.source_event_id AS "sourceEventId", o.reason, o.operator, o.unit_cost_sek::text AS "unitCostSek", o.recorded_at AS "recordedAt"
         FROM ledger_item o
         LEFT JOIN ledger_item c ON c.kind = 'close' AND c.refers_to = o.id
        WHERE o.kind IN ('open', 'adjust') AND o.customer_code = $1
          AND o.valid_from <= $3 AND COALESCE(c.valid_to, o.valid_to, 'infinity') >= $2
          AND ($4::text IS NULL OR o.offering_code = $4)
        ORDER BY o.offering_code, o.subject_id, o.valid_from`,
      [query.customerCode, query.from, query.to, query.offeringCode ?? null],
    );
  }
}
