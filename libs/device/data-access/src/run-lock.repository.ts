import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Advisory lock key of the lease-end check, unique in device's database (the outbox relay holds 5104). */
export const LEASE_CHECK_LOCK_KEY = 5114;

export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs a job in at most one replica at a time: a PostgreSQL session advisory lock held on a
 * connection of its own for the whole job. A replica that dies frees the lock with its connection.
 */
@Injectable()
export class RunLockRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async whileHolding<T>(key: number, job: () => Promise<T>): Promise<LockedRun<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!locked) return { ran: false };
      try {
        return { ran: true, value: await job() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
