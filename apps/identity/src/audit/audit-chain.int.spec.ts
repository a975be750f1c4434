import { Logger } from '@nestjs/common';
import { AuditLogRepository, identitySchema } from '@itops/identity/data-access';
import { DataSource, dataSourceOptions, runMigrations } from '@itops/shared/persistence';
import { createTestDatabase } from '@itops/shared/testing';

const entry = (n: number) => ({ actor: 'spec', action: 'account.updated' as const, personId: `p-${n}`, accountId: null, causeEventId: null, detail: { n, nested: { z: 'å', a: [1, 2] } } });
// The migrations before the chain (and before the access tables, which come after it).
const BEFORE_CHAIN = (identitySchema.migrations as Array<string | (new () => unknown)>).filter((m) => typeof m === 'function' && !/1763800000[4-9]\d\d$/.test(m.name));

describe('the hash-chained audit log (real PostgreSQL)', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;
  let auditLog: AuditLogRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const db = await createTestDatabase('itops_identity_chain');
    drop = db.drop;
    // Entries written before the chain existed: the migration must chain them.
    await runMigrations(db.pg, { ...identitySchema, migrations: BEFORE_CHAIN });
    const early = new DataSource({ ...dataSourceOptions(db.pg, identitySchema), logging: false });
    await early.initialize();
    for (let n = 1; n <= 3; n += 1) {
      await early.query(`INSERT INTO audit_entry (id, at, actor, action, person_id, detail) VALUES (gen_random_uuid(), now() - make_interval(mins => $1), 'hr-feed event', 'account.created', $2, $3::jsonb)`, [10 - n, `p-old-${n}`, JSON.stringify({ n })]);
    }
    await early.destroy();
    await runMigrations(db.pg, identitySchema);
    dataSource = new DataSource({ ...dataSourceOptions(db.pg, identitySchema), logging: false });
    await dataSource.initialize();
    auditLog = new AuditLogRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it('chains the entries written before the migration, oldest first', async () => {
    const rows: Array<{ seq: string; person_id: string }> = await dataSource.query('SELECT seq::text AS seq, person_id FROM audit_entry ORDER BY seq');
    expect(rows).toEqual([
      { seq: '1', person_id: 'p-old-1' },
      { seq: '2', person_id: 'p-old-2' },
      { seq: '3', person_id: 'p-old-3' },
    ]);
    expect(await auditLog.verify()).toEqual({ checked: 3, head: { seq: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('serializes concurrent appenders into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, n) => dataSource.transaction((m) => auditLog.append(m, entry(n)))));
    // Outside a transaction append opens its own.
    await auditLog.append(dataSource.manager, entry(99));
    const verdict = await auditLog.verify();
    expect(verdict.broken).toBeUndefined();
    expect(verdict.checked).toBe(24);
  });

  it('still refuses UPDATE and DELETE', async () => {
    await expect(dataSource.query("UPDATE audit_entry SET actor = 'x' WHERE seq = 2")).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(dataSource.query('DELETE FROM audit_entry WHERE seq = 2')).rejects.toThrow(/append-only: DELETE refused/);
  });

  it('names the first tampered entry when the superuser changes one behind the trigger', async () => {
    const [target]: Array<{ id: string }> = await dataSource.query('SELECT id::text AS id FROM audit_entry WHERE seq = 7');
    await dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      await m.query(`UPDATE audit_entry SET detail = jsonb_set(detail, '{n}', '"changed"') WHERE seq = 7`);
      await m.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    });
    expect(await auditLog.verify()).toEqual({ checked: 6, head: expect.objectContaining({ seq: 6 }), broken: { seq: 7, id: target.id, problem: 'hash_mismatch' } });
  });

  it('notices a removed entry even when its neighbours are intact', async () => {
    await dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      // Repair 7 is impossible without the original; take 7 out and see verification stop at 8.
      await m.query('DELETE FROM audit_entry WHERE seq = 7');
      await m.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    });
    const verdict = await auditLog.verify();
    expect(verdict.broken).toMatchObject({ seq: 8, problem: 'sequence_gap' });
  });
});
