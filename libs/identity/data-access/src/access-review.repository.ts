import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessReview, AccessReviewItem } from './access-review.entity';

@Injectable()
export class AccessReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, review: AccessReview, items: AccessReviewItem[]): Promise<void> {
    await manager.getRepository(AccessReview).insert(review);
    if (items.length > 0) await manager.getRepository(AccessReviewItem).insert(items);
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
