import { Injectable } from '@nestjs/common';
import type { Booking, Employment, EmploymentForm } from '@itops/hr-feed/domain';
import type { EntityManager } from 'typeorm';
import type { EmploymentSource } from './current-employment.entity';
import type { PushedChange } from './pushed-change.entity';

/** An employment to store, with its pseudonymous person id and whether HR still lists it. */
export interface EmploymentToStore {
  readonly employment: Employment;
  readonly personId: string;
  readonly inSnapshot: boolean;
}

/** An employment as stored, with what the push API needs to diff against it. */
export interface StoredEmployment {
  readonly employment: Employment;
  readonly personId: string;
  readonly source: EmploymentSource;
  readonly inSnapshot: boolean;
  /** A booking's window; null for every other employment. */
  readonly booking: Pick<Booking, 'accessFrom' | 'accessUntil'> | null;
  readonly cancelledAt: Date | null;
}

/** One employment written by a push or a booking, with the pushed change that wrote it. */
export interface PushedEmploymentToStore {
  readonly employment: Employment;
  readonly personId: string;
  readonly source: Exclude<EmploymentSource, 'snapshot'>;
  readonly inSnapshot: boolean;
  readonly booking: Pick<Booking, 'accessFrom' | 'accessUntil'> | null;
  readonly cancelledAt: Date | null;
}

/**
 * Advisory lock (first key) on one employment id, taken by pushes and bookings so that two pushes of
 * the same employment never both see it as new. The second key is hashtext(employment id); a hash
 * collision only makes two unrelated pushes wait for each other.
 */
export const EMPLOYMENT_LOCK_CLASS = 5112;

interface EmploymentRow {
  employmentId: string;
  personnummer: string;
  givenName: string;
  surname: string;
  customerCode: string;
  unitCode: string;
  unitName: string;
  costCentre: string;
  jobCode: string;
  jobTitle: string;
  form: EmploymentForm;
  rate: number;
  startDate: string;
  endDate: string | null;
  managerEmploymentId: string | null;
  protectedIdentity: boolean;
}

// One statement per chunk: a first snapshot of 57,000 employments is a dozen round trips, not 57,000.
const CHUNK = 5_000;

const EMPLOYMENT_COLUMNS = `employment_id AS "employmentId", personnummer, given_name AS "givenName", surname,
              customer_code AS "customerCode", unit_code AS "unitCode", unit_name AS "unitName",
              cost_centre AS "costCentre", job_code AS "jobCode", job_title AS "jobTitle", form, rate::int AS rate,
              to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate",
              manager_employment_id AS "managerEmploymentId", protected_identity AS "protectedIdentity"`;

@Injectable()
export class EmploymentRepository {
  /**
   * The employments HR lists, from its last snapshot and the pushes since: what the next snapshot is
   * diffed against. Never a booking (in_snapshot is false for every booking, by a table constraint).
   */
  async current(manager: EntityManager): Promise<Employment[]> {
    const rows: EmploymentRow[] = await manager.query(
      `SELECT ${EMPLOYMENT_COLUMNS}
         FROM employment
        WHERE in_snapshot
        ORDER BY employment_id`,
    );
    return rows;
  }

  /** One employment or booking as stored, whatever its source; null when the id is unknown. */
  async find(manager: EntityManager, employmentId: string): Promise<StoredEmployment | null> {
    const rows: (EmploymentRow & {
      personId: string;
      source: EmploymentSource;
      inSnapshot: boolean;
      accessFrom: Date | null;
      accessUntil: Date | null;
      cancelledAt: Date | null;
    })[] = await manager.query(
      `SELECT ${EMPLOYMENT_COLUMNS}, person_id AS "personId", source, in_snapshot AS "inSnapshot",
              access_from AS "accessFrom", access_until AS "accessUntil", cancelled_at AS "cancelledAt"
         FROM employment
        WHERE employment_id = $1`,
      [employmentId],
    );
    if (rows.length === 0) return null;
    const { personId, source, inSnapshot, accessFrom, accessUntil, cancelledAt, ...employment } = rows[0];
    return {
      employment,
      personId,
      source,
      inSnapshot,
      booking: accessFrom && accessUntil ? { accessFrom, accessUntil } : null,
      cancelledAt,
    };
  }

  /** The ids among `employmentIds` that are bookings (which a snapshot row must not overwrite). */
  async bookingIdsAmong(manager: EntityManager, employmentIds: readonly string[]): Promise<Set<string>> {
    if (employmentIds.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT employment_id AS id FROM employment WHERE source = 'booking' AND employment_id = ANY($1::text[])`,
      [employmentIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Waits until no other push of this employment id runs; held until the caller's transaction ends. */
  async lockEmployment(manager: EntityManager, employmentId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EMPLOYMENT_LOCK_CLASS, employmentId]);
  }

  /** Records a pushed change and writes the employment or booking it leaves, in the caller's transaction. */
  async savePushed(manager: EntityManager, change: PushedChange, item: PushedEmploymentToStore): Promise<void> {
    await manager.query(
      `INSERT INTO pushed_change (id, received_at, actor, operation, employment_id, kind) VALUES ($1, $2, $3, $4, $5, $6)`,
      [change.id, change.receivedAt, change.actor, change.operation, change.employmentId, change.kind],
    );
    const e = item.employment;
    await manager.query(
      `INSERT INTO employment (employment_id, person_id, personnummer, given_name, surname, customer_code, unit_code,
                               unit_name, cost_centre, job_code, job_title, form, rate, start_date, end_date,
                               manager_employment_id, protected_identity, in_snapshot, source, access_from, access_until,
                               cancelled_at, last_snapshot_id, last_push_id, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, NULL, $23, $24)
       ON CONFLICT (employment_id) DO UPDATE SET
         person_id = EXCLUDED.person_id, personnummer = EXCLUDED.personnummer, given_name = EXCLUDED.given_name,
         surname = EXCLUDED.surname, customer_code = EXCLUDED.customer_code, unit_code = EXCLUDED.unit_code,
         unit_name = EXCLUDED.unit_name, cost_centre = EXCLUDED.cost_centre, job_code = EXCLUDED.job_code,
         job_title = EXCLUDED.job_title, form = EXCLUDED.form, rate = EXCLUDED.rate, start_date = EXCLUDED.start_date,
         end_date = EXCLUDED.end_date, manager_employment_id = EXCLUDED.manager_employment_id,
         protected_identity = EXCLUDED.protected_identity, in_snapshot = EXCLUDED.in_snapshot, source = EXCLUDED.source,
         access_from = EXCLUDED.access_from, access_until = EXCLUDED.access_until, cancelled_at = EXCLUDED.cancelled_at,
         last_snapshot_id = NULL, last_push_id = EXCLUDED.last_push_id, changed_at = EXCLUDED.changed_at`,
      [
        e.employmentId, item.personId, e.personnummer, e.givenName, e.surname, e.customerCode, e.unitCode, e.unitName,
        e.costCentre, e.jobCode, e.jobTitle, e.form, e.rate, e.startDate, e.endDate, e.managerEmploymentId,
        e.protectedIdentity, item.inSnapshot, item.source, item.booking?.accessFrom ?? null, item.booking?.accessUntil ?? null,
        item.cancelledAt, change.id, change.receivedAt,
      ],
    );
  }

  /** Inserts or replaces the employments, marking them as changed by the snapshot. */
  async save(manager: EntityManager, snapshotId: string, items: readonly EmploymentToStore[]): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK);
      const column = <T>(pick: (item: EmploymentToStore) => T): T[] => chunk.map(pick);
      await manager.query(
        `INSERT INTO employment (employment_id, person_id, personnummer, given_name, surname, customer_code, unit_code,
                                 unit_name, cost_centre, job_code, job_title, form, rate, start_date, end_date,
                                 manager_employment_id, protected_identity, in_snapshot, last_snapshot_id, changed_at, source)
         SELECT t.*, $19::uuid, now(), 'snapshot'
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::text[], $13::smallint[], $14::date[], $15::date[],
                       $16::text[], $17::boolean[], $18::boolean[]) AS t
         ON CONFLICT (employment_id) DO UPDATE SET
           person_id = EXCLUDED.person_id, personnummer = EXCLUDED.personnummer, given_name = EXCLUDED.given_name,
           surname = EXCLUDED.surname, customer_code = EXCLUDED.customer_code, unit_code = EXCLUDED.unit_code,
           unit_name = EXCLUDED.unit_name, cost_centre = EXCLUDED.cost_centre, job_code = EXCLUDED.job_code,
           job_title = EXCLUDED.job_title, form = EXCLUDED.form, rate = EXCLUDED.rate, start_date = EXCLUDED.start_date,
           end_date = EXCLUDED.end_date, manager_employment_id = EXCLUDED.manager_employment_id,
           protected_identity = EXCLUDED.protected_identity, in_snapshot = EXCLUDED.in_snapshot,
           last_snapshot_id = EXCLUDED.last_snapshot_id, changed_at = EXCLUDED.changed_at,
           source = 'snapshot', last_push_id = NULL`,
        [
          column((i) => i.employment.employmentId),
          column((i) => i.personId),
          column((i) => i.employment.personnummer),
          column((i) => i.employment.givenName),
          column((i) => i.employment.surname),
          column((i) => i.employment.customerCode),
          column((i) => i.employment.unitCode),
          column((i) => i.employment.unitName),
          column((i) => i.employment.costCentre),
          column((i) => i.employment.jobCode),
          column((i) => i.employment.jobTitle),
          column((i) => i.employment.form),
          column((i) => i.employment.rate),
          column((i) => i.employment.startDate),
          column((i) => i.employment.endDate),
          column((i) => i.employment.managerEmploymentId),
          column((i) => i.employment.protectedIdentity),
          column((i) => i.inSnapshot),
          snapshotId,
        ],
      );
    }
  }

  /** Employments gone from HR's export after their end date: kept as history, no longer diffed against. */
  async retire(manager: EntityManager, snapshotId: string, employmentIds: readonly string[]): Promise<void> {
    if (employmentIds.length === 0) return;
    await manager.query(
      'UPDATE employment SET in_snapshot = false, last_snapshot_id = $2, last_push_id = NULL, changed_at = now() WHERE employment_id = ANY($1::text[])',
      [employmentIds, snapshotId],
    );
  }
}
