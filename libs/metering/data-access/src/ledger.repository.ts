import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { LedgerItem } from './ledger-item.entity';

export interface LedgerQuery {
  customerCode: string;
  /** First and last day of the period, inclusive. */
  from: string;
  to: string;
  offeringCode?: string;
}

@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, item: Omit<LedgerItem, 'recordedAt'>): Promise<LedgerItem> {
    return manager.getRepository(LedgerItem).save(manager.getRepository(LedgerItem).create(item));
  }

  /** The open item of a subject for an offering that no close item has ended yet. */
  async findOpen(manager: EntityManager, subjectType: string, subjectId: string, offeringCode: string): Promise<LedgerItem | null> {
    const open = await manager.getRepository(LedgerItem).find({
      where: { subjectType, subjectId, offeringCode, kind: 'open', validTo: IsNull() },
      order: { validFrom: 'DESC' },
    });
    for (const item of open) {
      const closed = await manager.getRepository(LedgerItem).exists({ where: { kind: 'close', refersTo: item.id } });
      if (!closed) return item;
    }
    return null;
  }

  /** Items of a customer whose validity overlaps the period (close items applied by the reader). */
  async forPeriod(query: LedgerQuery): Promise<LedgerItem[]> {
    return this.dataSource.getRepository(LedgerItem).query(
      `SELECT o.id, o.kind, o.refers_to AS "refersTo", o.customer_code AS "customerCode", o.offering_code AS "offeringCode",
              o.subject_type AS "subjectType", o.subject_id AS "subjectId", o.quantity::text AS quantity,
              to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(COALESCE(c.valid_to, o.valid_to), 'YYYY-MM-DD') AS "validTo",
              o.source_event_id AS "sourceEventId", o.reason, o.operator, o.recorded_at AS "recordedAt"
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
