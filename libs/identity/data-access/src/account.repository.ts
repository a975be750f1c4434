import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Account } from './account.entity';

export type AccountChanges = Partial<
  Pick<Account, 'enabled' | 'dn' | 'objectGuid' | 'customerCode' | 'unitCode' | 'primaryEmploymentId' | 'attributes' | 'accessRemovedAt' | 'deletedAt'>
>;

@Injectable()
export class AccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The person's live account (not deleted), if any. */
  async findByPerson(personId: string, manager: EntityManager = this.dataSource.manager): Promise<Account | null> {
    return manager.getRepository(Account).findOneBy({ personId, deletedAt: IsNull() });
  }

  /** By account name, whatever its case (AD's names are case-insensitive); deleted accounts too, as records. */
  async findBySamAccountName(samAccountName: string): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('lower(a.samAccountName) = lower(:samAccountName)', { samAccountName })
      .getOne();
  }

  /** All of a person's accounts, live and deleted, oldest first. */
  async allOfPerson(personId: string): Promise<Account[]> {
    return this.dataSource.getRepository(Account).find({ where: { personId }, order: { createdAt: 'ASC' } });
  }

  /** Which of these names (lower case) identity has already given out; a deleted account's name stays taken. */
  async takenNames(manager: EntityManager, candidates: readonly string[]): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const rows: Array<{ name: string }> = await manager.query(
      'SELECT lower(sam_account_name) AS name FROM account WHERE lower(sam_account_name) = ANY($1::text[])',
      [candidates.map((c) => c.toLowerCase())],
    );
    return new Set(rows.map((r) => r.name));
  }

  /**
   * The DN of the live account of whoever holds this employment (a manager's employment id from
   * HR), or null when that person has no account (yet).
   */
  async liveDnOfEmployment(manager: EntityManager, employmentId: string): Promise<string | null> {
    const rows: Array<{ dn: string }> = await manager.query(
      `SELECT a.dn FROM employment e JOIN account a ON a.person_id = e.person_id AND a.deleted_at IS NULL
        WHERE e.employment_id = $1`,
      [employmentId],
    );
    return rows[0]?.dn ?? null;
  }

  async insert(manager: EntityManager, account: Omit<Account, 'createdAt' | 'updatedAt'>): Promise<Account> {
    const repository = manager.getRepository(Account);
    await repository.insert(repository.create(account));
    return repository.findOneByOrFail({ accountId: account.accountId });
  }

  async update(manager: EntityManager, accountId: string, changes: AccountChanges): Promise<Account> {
    const repository = manager.getRepository(Account);
    // The jsonb column takes the object as it is; TypeORM's partial typing cannot express that.
    await repository.update({ accountId }, changes as Parameters<typeof repository.update>[1]);
    return repository.findOneByOrFail({ accountId });
  }
}
