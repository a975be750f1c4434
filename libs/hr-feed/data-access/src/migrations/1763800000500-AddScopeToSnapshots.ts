import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A file may now be a change file (förändringsfil: only the employments that changed) besides a
 * full snapshot. The scope is kept on the record so that approving a held change file plans it as
 * one again, not as a snapshot that ends everyone it does not list. Every file so far was full; the
 * default stays, so that a pod of the previous version importing during a rolling update writes
 * valid rows.
 */
export class AddScopeToSnapshots1763800000500 implements MigrationInterface {
  name = 'AddScopeToSnapshots1763800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE snapshot ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'changes'))`);
  }

  // Going back forgets which files were change files; a held one would then be approved as full.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE snapshot SET status = 'rejected', held_employments = NULL,
      rejected_reason = 'a held change file cannot be approved by a version without change files'
      WHERE status = 'held' AND scope = 'changes'`);
    await q.query('ALTER TABLE snapshot DROP COLUMN scope');
  }
}
