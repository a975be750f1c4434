import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Employment } from './employment.entity';

export type EmploymentFacts = Omit<Employment, 'updatedAt'>;

@Injectable()
export class EmploymentRepository {
  /**
   * Stores the employment's state from an event, unless a newer event already did (HR's change
   * time decides, not the order of arrival). Returns whether the row changed.
   */
  async record(manager: EntityManager, e: EmploymentFacts): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO employment (employment_id, person_id, customer_code, unit_code, unit_name, cost_centre, job_code, job_title, form, rate,
                               start_date, end_date, manager_employment_id, last_change, snapshot_id, source_event_id, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (employment_id) DO UPDATE
          SET person_id = EXCLUDED.person_id, customer_code = EXCLUDED.customer_code, unit_code = EXCLUDED.unit_code,
              unit_name = EXCLUDED.unit_name, cost_centre = EXCLUDED.cost_centre, job_code = EXCLUDED.job_code,
              job_title = EXCLUDED.job_title, form = EXCLUDED.form, rate = EXCLUDED.rate, start_date = EXCLUDED.start_date,
              end_date = EXCLUDED.end_date, manager_employment_id = EXCLUDED.manager_employment_id,
              last_change = EXCLUDED.last_change, snapshot_id = EXCLUDED.snapshot_id, source_event_id = EXCLUDED.source_event_id,
              source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
        WHERE employment.source_occurred_at <= EXCLUDED.source_occurred_at
       RETURNING employment_id`,
      [
        e.employmentId, e.personId, e.customerCode, e.unitCode, e.unitName, e.costCentre, e.jobCode, e.jobTitle, e.form, e.rate,
        e.startDate, e.endDate, e.managerEmploymentId, e.lastChange, e.snapshotId, e.sourceEventId, e.sourceOccurredAt,
      ],
    );
    return rows.length > 0;
  }

  /** All employments of a person, past, present and future, in a stable order. */
  async forPerson(manager: EntityManager, personId: string): Promise<Employment[]> {
    return manager.getRepository(Employment).find({ where: { personId }, order: { startDate: 'ASC', employmentId: 'ASC' } });
  }
}
