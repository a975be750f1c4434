import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessReview, AccessReviewItem } from './access-review.entity';

@Injectable()
export class AccessReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, review: AccessReview, items: AccessReviewItem[]): Promise<void> {
    await manager.getRepository(AccessReview).insert(review);
    // In chunks: one INSERT of tens of thousands of rows would pass PostgreSQL's 65535 parameters.
    for (let i = 0; i < items.length; i += 1000) await manager.getRepository(AccessReviewItem).insert(items.slice(i, i + 1000));
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AccessReview | null> {
    return manager.getRepository(AccessReview).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async items(reviewId: string, manager: EntityManager = this.dataSource.manager): Promise<AccessReviewItem[]> {
    return manager.getRepository(AccessReviewItem).find({ where: { reviewId }, order: { samAccountName: 'ASC', groupKey: 'ASC' } });
  }

  async item(manager: EntityManager, reviewId: string, itemId: string): Promise<AccessReviewItem | null> {
    return manager.getRepository(AccessReviewItem).findOne({ where: { reviewId, id: itemId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateReview(manager: EntityManager, id: string, changes: Partial<AccessReview>): Promise<void> {
    await manager.getRepository(AccessReview).update({ id }, changes);
  }

  async updateItem(manager: EntityManager, id: string, changes: Partial<AccessReviewItem>): Promise<void> {
    await manager.getRepository(AccessReviewItem).update({ id }, changes);
  }

  async list(limit: number): Promise<AccessReview[]> {
    return this.dataSource.getRepository(AccessReview).find({ order: { startedAt: 'DESC' }, take: limit });
  }

  /** Open reviews whose closing day is before `today`. */
  async dueToClose(today: string): Promise<AccessReview[]> {
    return this.dataSource.getRepository(AccessReview).createQueryBuilder('r').where("r.status = 'OPEN' AND r.closesOn < :today", { today }).getMany();
  }

  /**
   * Who answers for a person's access: the sAMAccountNames (lower case) of the live accounts of
   * the managers HR names on the person's employments (only `employmentId`'s when given).
   */
  async reviewersOf(manager: EntityManager, personId: string, employmentId: string | null): Promise<string[]> {
    const rows: Array<{ sam: string }> = await manager.query(
      `SELECT DISTINCT lower(a.sam_account_name) AS sam
         FROM employment e
         JOIN employment m ON m.employment_id = e.manager_employment_id
         JOIN account a ON a.person_id = m.person_id AND a.deleted_at IS NULL
        WHERE e.person_id = $1 AND ($2::text IS NULL OR e.employment_id = $2) AND m.person_id <> e.person_id
        ORDER BY 1`,
      [personId, employmentId],
    );
    return rows.map((r) => r.sam);
  }

  /**
   * reviewersOf for many grants in one query: per `personId|employmentId` key (employmentId empty
   * when null), the reviewers in the same form. A review over tens of thousands of grants needs
   * one round trip per batch instead of one per grant.
   */
  async reviewersOfMany(manager: EntityManager, grants: ReadonlyArray<{ personId: string; employmentId: string | null }>): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (grants.length === 0) return result;
    const keys = [...new Set(grants.map((g) => reviewerKey(g.personId, g.employmentId)))];
    const persons = keys.map((k) => k.slice(0, k.indexOf('|')));
    const employmentIds = keys.map((k) => k.slice(k.indexOf('|') + 1));
    const rows: Array<{ key: string; sam: string }> = await manager.query(
      `SELECT DISTINCT g.person_id || '|' || g.employment_id AS key, lower(a.sam_account_name) AS sam
         FROM unnest($1::text[], $2::text[]) AS g(person_id, employment_id)
         JOIN employment e ON e.person_id = g.person_id AND (g.employment_id = '' OR e.employment_id = g.employment_id)
         JOIN employment m ON m.employment_id = e.manager_employment_id
         JOIN account a ON a.person_id = m.person_id AND a.deleted_at IS NULL
        WHERE m.person_id <> e.person_id
        ORDER BY 1, 2`,
      [persons, employmentIds],
    );
    for (const key of keys) result.set(key, []);
    for (const row of rows) result.get(row.key)?.push(row.sam);
    return result;
  }

  /** The reviews that confirmed a request's grant (why the access is still there). */
  async confirmations(requestIds: readonly string[]): Promise<Array<{ requestId: string; reviewId: string; answeredBy: string; answeredAt: Date }>> {
    if (requestIds.length === 0) return [];
    const rows: Array<{ request_id: string; review_id: string; answered_by: string; answered_at: Date }> = await this.dataSource.query(
      `SELECT request_id, review_id, answered_by, answered_at FROM access_review_item
        WHERE request_id = ANY($1::uuid[]) AND answer = 'CONFIRMED' ORDER BY answered_at`,
      [requestIds],
    );
    return rows.map((r) => ({ requestId: r.request_id, reviewId: r.review_id, answeredBy: r.answered_by, answeredAt: r.answered_at }));
  }
}

/** The key of reviewersOfMany's answer for one grant. */
export const reviewerKey = (personId: string, employmentId: string | null): string => `${personId}|${employmentId ?? ''}`;
