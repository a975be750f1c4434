import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry } from './audit-entry.entity';

export type NewAuditEntry = Pick<AuditEntry, 'actor' | 'action' | 'accountId' | 'causeEventId' | 'detail'> & { personId: string | null };

@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends an entry in the caller's transaction, so it commits with the change it records. */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<AuditEntry> {
    const row: AuditEntry = { ...entry, id: uuidv7(), at: new Date() };
    // insert()'s typing cannot take a free-form jsonb object; the row is a complete AuditEntry.
    await manager.getRepository(AuditEntry).insert(row as QueryDeepPartialEntity<AuditEntry>);
    return row;
  }

  /** An account's history, oldest first. */
  async forAccount(accountId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({ where: { accountId }, order: { at: 'ASC', id: 'ASC' }, take: limit });
  }

  /**
   * A person's history, oldest first: the entries that name the person, and those of their
   * accounts written before entries named persons. Entry ids are UUIDv7, so they break ties in
   * the order they were written.
   */
  async forPerson(personId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.personId = :personId', { personId })
      .orWhere('e.personId IS NULL AND e.accountId IN (SELECT a.account_id FROM account a WHERE a.person_id = :personId)', { personId })
      .orderBy('e.at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .take(limit)
      .getMany();
  }
}
