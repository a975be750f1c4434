import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Account } from './account.entity';

@Injectable()
export class AccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByPerson(personId: string, manager: EntityManager = this.dataSource.manager): Promise<Account | null> {
    return manager.getRepository(Account).findOneBy({ personId });
  }

  /** By account name, whatever its case (AD's names are case-insensitive). */
  async findBySamAccountName(samAccountName: string): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('lower(a.samAccountName) = lower(:samAccountName)', { samAccountName })
      .getOne();
  }

  /** Which of these names (lower case) identity has already given out. */
  async takenNames(manager: EntityManager, candidates: readonly string[]): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const rows: Array<{ name: string }> = await manager.query(
      'SELECT lower(sam_account_name) AS name FROM account WHERE lower(sam_account_name) = ANY($1::text[])',
      [candidates.map((c) => c.toLowerCase())],
    );
    return new Set(rows.map((r) => r.name));
  }

  async insert(manager: EntityManager, account: Omit<Account, 'createdAt' | 'updatedAt'>): Promise<Account> {
    const repository = manager.getRepository(Account);
    await repository.insert(repository.create(account));
    return repository.findOneByOrFail({ accountId: account.accountId });
  }

  async update(manager: EntityManager, accountId: string, changes: Partial<Pick<Account, 'enabled' | 'dn' | 'objectGuid' | 'customerCode'>>): Promise<Account> {
    const repository = manager.getRepository(Account);
    await repository.update({ accountId }, changes);
    return repository.findOneByOrFail({ accountId });
  }
}
