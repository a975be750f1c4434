import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs a job in at most one replica at a time: a PostgreSQL session advisory lock, held on a
 * connection of its own for the whole job (the job's work commits in transactions of its own). A
 * replica that dies frees the lock with its connection. Keys are per database: each service keeps
 * its own next to its data access (the outbox relay holds 510x).
 */
@Injectable()
export class RunLockRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `{ ran: false }` without waiting when another session holds `key`. */
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
