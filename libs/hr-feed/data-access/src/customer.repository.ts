import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CustomerEntry } from '@itops/hr-feed/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Customer } from './customer.entity';

export interface CustomerMergeResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Customers in the register after the merge. */
  total: number;
}

@Injectable()
export class CustomerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The codes an HR row's organisationskod may name. */
  async codes(manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const rows: { code: string }[] = await manager.query('SELECT code FROM customer');
    return new Set(rows.map((r) => r.code));
  }

  async list(): Promise<CustomerEntry[]> {
    return this.dataSource.getRepository(Customer).find({ select: { code: true, name: true }, order: { code: 'ASC' } });
  }

  /**
   * Adds the entries to the register and renames those it already has. Codes not in the list stay:
   * employments and invoices may still name them.
   */
  async merge(entries: readonly CustomerEntry[]): Promise<CustomerMergeResult> {
    return this.dataSource.transaction(async (manager) => {
      // xmax = 0 only on a freshly inserted row; unchanged rows are filtered out by the WHERE.
      const written: { created: boolean }[] = await manager.query(
        `INSERT INTO customer (code, name)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
           WHERE customer.name IS DISTINCT FROM EXCLUDED.name
         RETURNING (xmax = 0) AS created`,
        [entries.map((e) => e.code), entries.map((e) => e.name)],
      );
      const created = written.filter((w) => w.created).length;
      const [{ total }] = await manager.query('SELECT count(*)::int AS total FROM customer');
      return { created, updated: written.length - created, unchanged: entries.length - written.length, total };
    });
  }
}
