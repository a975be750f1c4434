import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox (events waiting to be published) and inbox (events already handled) of a service. */
export class CreateOutboxAndInbox1763800000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox_message (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      message_key text NOT NULL,
      payload bytea NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
    await q.query(`CREATE INDEX outbox_message_unpublished ON outbox_message (id) WHERE published_at IS NULL`);
    await q.query(`CREATE TABLE inbox_message (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox_message');
    await q.query('DROP TABLE outbox_message');
  }
}
