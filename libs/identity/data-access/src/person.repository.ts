import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Person } from './person.entity';

export type PersonFacts = Pick<Person, 'personId' | 'givenName' | 'surname' | 'protectedIdentity' | 'sourceOccurredAt'>;

/** Longest wait before a person whose review keeps failing is tried again. */
const MAX_BACKOFF_MINUTES = 60;

@Injectable()
export class PersonRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records what an HR event says about the person and locks the person's row for the rest of
   * the transaction, so two events of one person (say during a consumer rebalance), or an event
   * and the lifecycle scheduler, never decide the account at the same time. Facts older than the
   * stored ones are ignored. Returns the person as stored.
   */
  async recordAndLock(manager: EntityManager, facts: PersonFacts): Promise<Person> {
    // ON CONFLICT DO UPDATE locks the row even when its WHERE leaves it unchanged.
    await manager.query(
      `INSERT INTO person (person_id, given_name, surname, protected_identity, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_id) DO UPDATE
          SET given_name = EXCLUDED.given_name, surname = EXCLUDED.surname,
              protected_identity = EXCLUDED.protected_identity, source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
        WHERE person.source_occurred_at <= EXCLUDED.source_occurred_at`,
      [facts.personId, facts.givenName, facts.surname, facts.protectedIdentity, facts.sourceOccurredAt],
    );
    return manager.getRepository(Person).findOneByOrFail({ personId: facts.personId });
  }

  async find(personId: string): Promise<Person | null> {
    return this.dataSource.getRepository(Person).findOneBy({ personId });
  }

  /**
   * Persons due for review at `now`, the longest waiting first, leaving out `exclude` (those this
   * run has already looked at). Served by the partial index on next_review_at.
   */
  async dueForReview(now: Date, limit: number, exclude: readonly string[] = []): Promise<string[]> {
    const rows: Array<{ person_id: string }> = await this.dataSource.query(
      `SELECT person_id FROM person
        WHERE next_review_at IS NOT NULL AND next_review_at <= $1 AND person_id <> ALL($2::text[])
        ORDER BY next_review_at, person_id
        LIMIT $3`,
      [now, exclude, limit],
    );
    return rows.map((r) => r.person_id);
  }

  /**
   * Locks the person for the transaction if still due at `now`; null when not due any more or when
   * an HR event is deciding their account right now (that event reviews them anyway).
   */
  async lockIfDue(manager: EntityManager, personId: string, now: Date): Promise<Person | null> {
    return manager
      .getRepository(Person)
      .createQueryBuilder('p')
      .where('p.personId = :personId AND p.nextReviewAt <= :now', { personId, now })
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
  }

  /** When to look at the person next (null: nothing is ahead); a successful review clears the failures. */
  async scheduleReview(manager: EntityManager, personId: string, at: Date | null): Promise<void> {
    await manager.query('UPDATE person SET next_review_at = $2, review_failures = 0 WHERE person_id = $1', [personId, at]);
  }

  /**
   * A review failed: try again after 1, 2, 4 ... minutes (at most an hour) from `now`. Returns the
   * failures in a row, for the log.
   */
  async postponeReview(personId: string, now: Date): Promise<number> {
    const rows: Array<{ review_failures: number }> = await this.dataSource.query(
      `UPDATE person
          SET review_failures = review_failures + 1,
              next_review_at = $2::timestamptz + make_interval(mins => least($3, power(2, least(review_failures, 10)))::int)
        WHERE person_id = $1
        RETURNING review_failures`,
      [personId, now, MAX_BACKOFF_MINUTES],
    );
    return rows[0]?.review_failures ?? 0;
  }

  /**
   * Makes due at `now` the persons whose employments name one of these as their manager's
   * employment: their account's manager attribute follows the manager's account (created, moved
   * or deleted).
   */
  async markReportsDue(manager: EntityManager, managerEmploymentIds: readonly string[], now: Date): Promise<number> {
    if (managerEmploymentIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `UPDATE person SET next_review_at = $2
        WHERE person_id IN (SELECT person_id FROM employment WHERE manager_employment_id = ANY($1::text[]))
          AND (next_review_at IS NULL OR next_review_at > $2)
        RETURNING person_id`,
      [managerEmploymentIds, now],
    );
    return rows.length;
  }
}
