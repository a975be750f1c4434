import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Advisory lock key of the scheduled release run (leavers after grace, ended bookings); the outbox relay holds 5103. */
export const RELEASE_RUN_LOCK_KEY = 5113;

export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/** Runs a job in at most one replica at a time: a session advisory lock on a connection of its own. */
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
