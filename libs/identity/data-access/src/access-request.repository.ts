import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AccessRequestException, AccessRequestExceptionCode, AccessRequestStatus, OPEN_REQUEST_STATUSES } from '@itops/identity/domain';
import { AccessRequest } from './access-request.entity';

/** An approved request's membership, as the desired state includes it. */
export interface ActiveGrant {
  accountId: string;
  groupKey: string;
  /** 'request:<id>' */
  cause: string;
  /** Last day with access, YYYY-MM-DD (Europe/Stockholm). */
  until: string;
}

export interface AccessRequestFilter {
  status?: AccessRequestStatus;
  accountId?: string;
  groupKey?: string;
  licenceCode?: string;
  owner?: string;
  requestedBy?: string;
  limit: number;
}

@Injectable()
export class AccessRequestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a new request; a concurrent open duplicate (the unique index) is refused as DUPLICATE. */
  async insert(manager: EntityManager, request: AccessRequest): Promise<AccessRequest> {
    try {
      await manager.getRepository(AccessRequest).insert(request);
    } catch (error) {
      const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
      if (constraint === 'access_request_open' || constraint === 'access_request_open_licence') {
        throw new AccessRequestException(
          AccessRequestExceptionCode.DUPLICATE,
          `the account already has an open request for ${request.licenceCode ? `licence "${request.licenceCode}"` : `group "${request.groupKey}"`}; wait for its decision or its end date`,
        );
      }
      throw error;
    }
    return request;
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AccessRequest | null> {
    return manager.getRepository(AccessRequest).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async update(manager: EntityManager, id: string, changes: Partial<AccessRequest>): Promise<AccessRequest> {
    await manager.getRepository(AccessRequest).update({ id }, changes);
    return manager.getRepository(AccessRequest).findOneByOrFail({ id });
  }

  /** The open (pending or approved) request for this account and group, if any. */
  async openFor(manager: EntityManager, accountId: string, groupKey: string): Promise<AccessRequest | null> {
    return manager.getRepository(AccessRequest).findOneBy({ accountId, groupKey, status: In([...OPEN_REQUEST_STATUSES]) });
  }

  /** The open (pending or approved) request for this account and licence, if any. */
  async openForLicence(manager: EntityManager, accountId: string, licenceCode: string): Promise<AccessRequest | null> {
    return manager.getRepository(AccessRequest).findOneBy({ accountId, licenceCode, status: In([...OPEN_REQUEST_STATUSES]) });
  }

  /** An account's open requests (pending and approved, groups and licences), locked: a leaver's end them all. */
  async openForAccount(manager: EntityManager, accountId: string): Promise<AccessRequest[]> {
    return manager
      .getRepository(AccessRequest)
      .find({ where: { accountId, status: In([...OPEN_REQUEST_STATUSES]) }, order: { requestedAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  async list(filter: AccessRequestFilter): Promise<AccessRequest[]> {
    const where: Record<string, unknown> = {};
    for (const key of ['status', 'accountId', 'groupKey', 'licenceCode', 'owner', 'requestedBy'] as const) {
      if (filter[key]) where[key] = filter[key];
    }
    return this.dataSource.getRepository(AccessRequest).find({ where, order: { requestedAt: 'DESC' }, take: filter.limit });
  }

  /** All of a person's requests, oldest first. */
  async forPerson(personId: string): Promise<AccessRequest[]> {
    return this.dataSource.getRepository(AccessRequest).find({ where: { personId }, order: { requestedAt: 'ASC' } });
  }

  /**
   * Approved group grants that still give access on `onDate` (YYYY-MM-DD, Stockholm): the last
   * day is that day or later. Reconciliation keeps these memberships. Requested licences are not
   * listed: identity announces them itself and the licence service realises them.
   */
  async activeGrants(manager: EntityManager, onDate: string): Promise<ActiveGrant[]> {
    const rows: Array<{ account_id: string; group_key: string; id: string; until: string }> = await manager.query(
      `SELECT account_id, group_key, id, to_char(until, 'YYYY-MM-DD') AS until FROM access_request
        WHERE status = 'APPROVED' AND until >= $1::date AND licence_code IS NULL ORDER BY account_id, group_key`,
      [onDate],
    );
    return rows.map((r) => ({ accountId: r.account_id, groupKey: r.group_key, cause: `request:${r.id}`, until: r.until }));
  }

  /**
   * Approved grants whose last day is before `today` (Stockholm): due for removal. Locked and
   * skipped when another replica holds them, so two never remove the same grant.
   */
  async dueForExpiry(manager: EntityManager, today: string, limit: number): Promise<AccessRequest[]> {
    return manager
      .getRepository(AccessRequest)
      .createQueryBuilder('r')
      .where("r.status = 'APPROVED' AND r.until < :today", { today })
      .orderBy('r.until', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Approved grants of accounts that are in the given customers (all when none), for a review. */
  async approvedForReview(manager: EntityManager, customerCode: string | null): Promise<AccessRequest[]> {
    const qb = manager.getRepository(AccessRequest).createQueryBuilder('r').where("r.status = 'APPROVED'");
    if (customerCode) qb.andWhere('r.accountId IN (SELECT a.account_id FROM account a WHERE a.customer_code = :customerCode)', { customerCode });
    return qb.orderBy('r.accountId').addOrderBy('r.groupKey').addOrderBy('r.licenceCode').getMany();
  }
}
