import { createTestDatabase } from '@itops/shared/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { RunLockRepository } from './run-lock.repository';

const KEY = 5199;

describe('RunLockRepository (real PostgreSQL)', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;
  let other: DataSource; // another replica's pool on the same database
  let runLock: RunLockRepository;

  const advisoryLocksHeld = async (): Promise<number> =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`))[0].n);

  beforeAll(async () => {
    const db = await createTestDatabase('itops_runlock');
    drop = db.drop;
    dataSource = await new DataSource(dataSourceOptions(db.pg, { entities: [], migrations: [] })).initialize();
    other = await new DataSource(dataSourceOptions(db.pg, { entities: [], migrations: [] })).initialize();
    runLock = new RunLockRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await other?.destroy();
    await drop?.();
  });

  it('runs the job, answers its value and frees the lock afterwards', async () => {
    expect(await runLock.whileHolding(KEY, async () => 42)).toEqual({ ran: true, value: 42 });
    expect(await advisoryLocksHeld()).toBe(0);
  });

  it('skips without waiting while another replica holds the key; another key still runs', async () => {
    const otherReplica = new RunLockRepository(other);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = otherReplica.whileHolding(KEY, async () => {
      entered();
      await holding;
      return 'first';
    });
    await inside;

    const job = jest.fn(async () => 'second');
    expect(await runLock.whileHolding(KEY, job)).toEqual({ ran: false });
    expect(job).not.toHaveBeenCalled();
    expect(await runLock.whileHolding(KEY + 1, async () => 'other key')).toEqual({ ran: true, value: 'other key' });

    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await runLock.whileHolding(KEY, job)).toEqual({ ran: true, value: 'second' });
  });

  it('frees the lock and its connection when the job fails', async () => {
    await expect(runLock.whileHolding(KEY, async () => Promise.reject(new Error('job failed')))).rejects.toThrow('job failed');
    expect(await advisoryLocksHeld()).toBe(0);
    expect(await new RunLockRepository(other).whileHolding(KEY, async () => 'after')).toEqual({ ran: true, value: 'after' });
  });
});
