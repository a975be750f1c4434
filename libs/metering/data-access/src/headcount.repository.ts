import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HeadcountEmployment } from '@itops/metering/domain';
import { HeadcountEmploymentRow } from './headcount-employment.entity';

export interface StoredEmployment extends HeadcountEmployment {
  readonly sourceOccurredAt: Date;
}

@Injectable()
export class HeadcountRepository {
  /**
   * Serialises the changes of one person until the transaction ends. Events of a person share a
   * partition, so this only matters while a rebalance hands the partition to another replica.
   */
  async lockPerson(manager: EntityManager, personId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('headcount:' || $1))`, [personId]);
  }

  async find(manager: EntityManager, employmentId: string): Promise<StoredEmployment | null> {
    const [row] = await this.select(manager, 'employment_id = $1', [employmentId]);
    return row ?? null;
  }

  async employmentsOf(manager: EntityManager, personId: string): Promise<StoredEmployment[]> {
    return this.select(manager, 'person_id = $1', [personId]);
  }

  async save(manager: EntityManager, employment: HeadcountEmployment, source: { eventId: string; occurredAt: Date }): Promise<void> {
    await manager.getRepository(HeadcountEmploymentRow).save({
      employmentId: employment.employmentId,
      personId: employment.personId,
      startDate: employment.startDate,
      endDate: employment.endDate,
      placements: [...employment.placements],
      sourceEventId: source.eventId,
      sourceOccurredAt: source.occurredAt,
    });
  }

  private async select(manager: EntityManager, where: string, parameters: unknown[]): Promise<StoredEmployment[]> {
    return manager.query(
      `SELECT employment_id AS "employmentId", person_id AS "personId", to_char(start_date, 'YYYY-MM-DD') AS "startDate",
              to_char(end_date, 'YYYY-MM-DD') AS "endDate", placements, source_occurred_at AS "sourceOccurredAt"
         FROM headcount_employment WHERE ${where} ORDER BY employment_id`,
      parameters,
    );
  }
}
