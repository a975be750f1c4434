import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSnapshots1763800000200 implements MigrationInterface {
  name = 'CreateSnapshots1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE snapshot (
      id uuid PRIMARY KEY,
      received_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('applied', 'held', 'rejected', 'dry-run')),
      actor text NOT NULL,
      encoding text NOT NULL CHECK (encoding IN ('utf8', 'latin1')),
      byte_size integer NOT NULL CHECK (byte_size >= 0),
      sha256 text NOT NULL,
      accepted integer NOT NULL,
      rejection_count integer NOT NULL,
      joiners integer NOT NULL,
      movers integer NOT NULL,
      leavers integer NOT NULL,
      updated integer NOT NULL,
      unchanged integer NOT NULL,
      rejections jsonb NOT NULL DEFAULT '[]',
      held_reason text,
      held_employments jsonb,
      approved_by text,
      approved_at timestamptz,
      applied_at timestamptz,
      rejected_reason text,
      CHECK (status <> 'held' OR (held_reason IS NOT NULL AND held_employments IS NOT NULL)),
      -- The parsed content (personal data) is kept only while it may still be applied.
      CHECK (held_employments IS NULL OR status = 'held'),
      CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
      CHECK (status <> 'applied' OR applied_at IS NOT NULL),
      CHECK (status <> 'rejected' OR rejected_reason IS NOT NULL)
    )`);
    await q.query('CREATE INDEX snapshot_received ON snapshot (received_at DESC)');
    await q.query(`CREATE INDEX snapshot_held ON snapshot (id) WHERE status = 'held'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE snapshot');
  }
}
