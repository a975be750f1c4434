import { Injectable } from '@nestjs/common';
import type { Employment, EmploymentForm } from '@itops/hr-feed/domain';
import type { EntityManager } from 'typeorm';

/** An employment to store, with its pseudonymous person id and whether HR still lists it. */
export interface EmploymentToStore {
  readonly employment: Employment;
  readonly personId: string;
  readonly inSnapshot: boolean;
}

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

@Injectable()
export class EmploymentRepository {
  /** The employments the last applied snapshot listed: what the next snapshot is diffed against. */
  async current(manager: EntityManager): Promise<Employment[]> {
    const rows: EmploymentRow[] = await manager.query(
      `SELECT employment_id AS "employmentId", personnummer, given_name AS "givenName", surname,
              customer_code AS "customerCode", unit_code AS "unitCode", unit_name AS "unitName",
              cost_centre AS "costCentre", job_code AS "jobCode", job_title AS "jobTitle", form, rate::int AS rate,
              to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate",
              manager_employment_id AS "managerEmploymentId", protected_identity AS "protectedIdentity"
         FROM employment
        WHERE in_snapshot
        ORDER BY employment_id`,
    );
    return rows;
  }

  /** Inserts or replaces the employments, marking them as changed by the snapshot. */
  async save(manager: EntityManager, snapshotId: string, items: readonly EmploymentToStore[]): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK);
      const column = <T>(pick: (item: EmploymentToStore) => T): T[] => chunk.map(pick);
      await manager.query(
        `INSERT INTO employment (employment_id, person_id, personnummer, given_name, surname, customer_code, unit_code,
                                 unit_name, cost_centre, job_code, job_title, form, rate, start_date, end_date,
                                 manager_employment_id, protected_identity, in_snapshot, last_snapshot_id, changed_at)
         SELECT t.*, $19::uuid, now()
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
           last_snapshot_id = EXCLUDED.last_snapshot_id, changed_at = EXCLUDED.changed_at`,
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
      'UPDATE employment SET in_snapshot = false, last_snapshot_id = $2, changed_at = now() WHERE employment_id = ANY($1::text[])',
      [employmentIds, snapshotId],
    );
  }
}
