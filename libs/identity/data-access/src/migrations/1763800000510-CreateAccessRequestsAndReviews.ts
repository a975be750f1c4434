import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccessRequestsAndReviews1763800000510 implements MigrationInterface {
  name = 'CreateAccessRequestsAndReviews1763800000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_request (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES account (account_id),
      person_id text NOT NULL,
      employment_id text,
      sam_account_name text NOT NULL,
      group_key text NOT NULL CHECK (group_key ~ '^[a-z0-9-]+$'),
      group_dn text NOT NULL,
      owner text NOT NULL,
      reason text NOT NULL CHECK (length(trim(reason)) >= 3),
      until date NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED')),
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      ended_at timestamptz,
      end_cause text,
      -- The requester never decides their own request.
      CHECK (decided_by IS NULL OR decided_by <> requested_by)
    )`);
    // One open request per account and group: a second is a duplicate, also under a race.
    await q.query(`CREATE UNIQUE INDEX access_request_open ON access_request (account_id, group_key) WHERE status IN ('PENDING', 'APPROVED')`);
    await q.query(`CREATE INDEX access_request_expiry ON access_request (until) WHERE status = 'APPROVED'`);
    await q.query('CREATE INDEX access_request_person ON access_request (person_id)');
    await q.query(`CREATE INDEX access_request_owner ON access_request (owner) WHERE status = 'PENDING'`);

    await q.query(`CREATE TABLE access_review (
      id uuid PRIMARY KEY,
      customer_code text,
      closes_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
      started_by text NOT NULL,
      started_at timestamptz NOT NULL,
      closed_by text,
      closed_at timestamptz
    )`);
    await q.query(`CREATE TABLE access_review_item (
      id uuid PRIMARY KEY,
      review_id uuid NOT NULL REFERENCES access_review (id),
      request_id uuid NOT NULL REFERENCES access_request (id),
      account_id uuid NOT NULL,
      sam_account_name text NOT NULL,
      group_key text NOT NULL,
      group_dn text NOT NULL,
      until date NOT NULL,
      reviewers text[] NOT NULL,
      answer text CHECK (answer IN ('CONFIRMED', 'REJECTED')),
      answered_by text,
      answered_at timestamptz,
      outcome text CHECK (outcome IN ('KEPT', 'REVOKED')),
      UNIQUE (review_id, request_id)
    )`);
    await q.query('CREATE INDEX access_review_item_request ON access_review_item (request_id)');
    await q.query('CREATE INDEX access_review_item_reviewers ON access_review_item USING gin (reviewers)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE access_review_item');
    await q.query('DROP TABLE access_review');
    await q.query('DROP TABLE access_request');
  }
}
