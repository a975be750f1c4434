import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AssignmentSource = 'role' | 'request' | 'substitute-pool' | 'harvest' | 'manual';

export interface Assignment {
  id: string;
  accountId: string;
  customerCode: string;
  productCode: string;
  source: AssignmentSource;
  cause: string;
  contractReference: string | null;
  poolCode: string | null;
  overflow: boolean;
  bookingId: string | null;
  unitCostSek: string | null;
  fromDate: string;
  toDate: string | null;
  releasedReason: string | null;
}

/** An open assignment with its contract's dates, as harvesting reads it. */
export interface HeldRow extends Assignment {
  trueUpOn: string | null;
  endsOn: string | null;
}

export interface Entitlement {
  accountId: string;
  productCode: string;
  cause: string;
  source: AssignmentSource;
  customerCode: string;
  samAccountName: string;
  grantedOn: string;
}

export interface Booking {
  bookingId: string;
  personId: string;
  customerCode: string;
  accessFrom: Date | null;
  accessUntil: Date | null;
  state: 'pending' | 'assigned' | 'ended';
  assignmentId: string | null;
}

const ASSIGNMENT = `a.id, a.account_id AS "accountId", a.customer_code AS "customerCode", a.product_code AS "productCode", a.source, a.cause,
  a.contract_reference AS "contractReference", a.pool_code AS "poolCode", a.overflow, a.booking_id AS "bookingId", a.unit_cost_sek::text AS "unitCostSek",
  to_char(a.from_date, 'YYYY-MM-DD') AS "fromDate", to_char(a.to_date, 'YYYY-MM-DD') AS "toDate", a.released_reason AS "releasedReason"`;

/** Assignments (who holds which licence, from when to when, from where), their causes and substitute bookings. */
@Injectable()
export class AssignmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, a: Omit<Assignment, 'toDate' | 'releasedReason'>): Promise<void> {
    await manager.query(
      `INSERT INTO licence_assignment (id, account_id, customer_code, product_code, source, cause, contract_reference, pool_code, overflow, booking_id, unit_cost_sek, from_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [a.id, a.accountId, a.customerCode, a.productCode, a.source, a.cause, a.contractReference, a.poolCode, a.overflow, a.bookingId, a.unitCostSek, a.fromDate],
    );
  }

  /** Ends an open assignment on `toDate` (the last day held); false when it was not open any more. */
  async close(manager: EntityManager, id: string, toDate: string, reason: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE licence_assignment SET to_date = GREATEST($2::date, from_date), released_reason = $3, released_at = now()
        WHERE id = $1 AND to_date IS NULL RETURNING id`,
      [id, toDate, reason],
    );
    return rows.length > 0;
  }

  async findOpen(manager: EntityManager, accountId: string, productCode: string): Promise<Assignment | undefined> {
    const [row]: Assignment[] = await manager.query(`SELECT ${ASSIGNMENT} FROM licence_assignment a WHERE a.account_id = $1 AND a.product_code = $2 AND a.to_date IS NULL FOR UPDATE`, [accountId, productCode]);
    return row;
  }

  async findById(manager: EntityManager, id: string): Promise<Assignment | undefined> {
    const [row]: Assignment[] = await manager.query(`SELECT ${ASSIGNMENT} FROM licence_assignment a WHERE a.id = $1`, [id]);
    return row;
  }

  async openOf(manager: EntityManager, accountId: string): Promise<Assignment[]> {
    return manager.query(`SELECT ${ASSIGNMENT} FROM licence_assignment a WHERE a.account_id = $1 AND a.to_date IS NULL ORDER BY a.product_code`, [accountId]);
  }

  /** Every assignment of an account or a customer (open and ended), newest first. */
  async list(filter: { accountId?: string; customerCode?: string; openOnly?: boolean }, limit = 1000): Promise<Assignment[]> {
    return this.dataSource.query(
      `SELECT ${ASSIGNMENT} FROM licence_assignment a
        WHERE ($1::uuid IS NULL OR a.account_id = $1) AND ($2::text IS NULL OR a.customer_code = $2) AND (NOT $3 OR a.to_date IS NULL)
        ORDER BY a.from_date DESC, a.id LIMIT $4`,
      [filter.accountId ?? null, filter.customerCode ?? null, filter.openOnly ?? false, limit],
    );
  }

  /** All open assignments (of a customer), with their contract's true-up, for harvesting. */
  async held(manager: EntityManager, customerCode?: string): Promise<HeldRow[]> {
    return manager.query(
      `SELECT ${ASSIGNMENT}, to_char(c.true_up_on, 'YYYY-MM-DD') AS "trueUpOn", to_char(c.ends_on, 'YYYY-MM-DD') AS "endsOn"
         FROM licence_assignment a LEFT JOIN licence_contract c ON c.reference = a.contract_reference
        WHERE a.to_date IS NULL AND ($1::text IS NULL OR a.customer_code = $1)`,
      [customerCode ?? null],
    );
  }

  async addEntitlement(manager: EntityManager, e: Entitlement): Promise<void> {
    await manager.query(
      `INSERT INTO licence_entitlement (account_id, product_code, cause, source, customer_code, sam_account_name, granted_on) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, product_code, cause) DO UPDATE SET customer_code = $5, sam_account_name = $6`,
      [e.accountId, e.productCode, e.cause, e.source, e.customerCode, e.samAccountName, e.grantedOn],
    );
  }

  async removeEntitlement(manager: EntityManager, accountId: string, productCode: string, cause: string): Promise<void> {
    await manager.query('DELETE FROM licence_entitlement WHERE account_id = $1 AND product_code = $2 AND cause = $3', [accountId, productCode, cause]);
  }

  async entitlementsOf(manager: EntityManager, accountId: string, productCode?: string): Promise<Entitlement[]> {
    return manager.query(
      `SELECT account_id AS "accountId", product_code AS "productCode", cause, source, customer_code AS "customerCode", sam_account_name AS "samAccountName",
              to_char(granted_on, 'YYYY-MM-DD') AS "grantedOn"
         FROM licence_entitlement WHERE account_id = $1 AND ($2::text IS NULL OR product_code = $2) ORDER BY cause`,
      [accountId, productCode ?? null],
    );
  }

  /** The products each account's business roles entitle it to. */
  async roleNeeds(manager: EntityManager, customerCode?: string): Promise<Map<string, string[]>> {
    const rows: Array<{ accountId: string; products: string[] }> = await manager.query(
      `SELECT account_id AS "accountId", array_agg(DISTINCT product_code) AS products FROM licence_entitlement
        WHERE source = 'role' AND ($1::text IS NULL OR customer_code = $1) GROUP BY account_id`,
      [customerCode ?? null],
    );
    return new Map(rows.map((r) => [r.accountId, r.products]));
  }

  async saveBooking(manager: EntityManager, b: Booking): Promise<void> {
    await manager.query(
      `INSERT INTO licence_booking (booking_id, person_id, customer_code, access_from, access_until, state, assignment_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (booking_id) DO UPDATE SET customer_code = $3, access_from = $4, access_until = $5, state = $6, assignment_id = COALESCE($7, licence_booking.assignment_id), updated_at = now()`,
      [b.bookingId, b.personId, b.customerCode, b.accessFrom, b.accessUntil, b.state, b.assignmentId],
    );
  }

  async findBooking(manager: EntityManager, bookingId: string): Promise<Booking | undefined> {
    const [row]: Booking[] = await manager.query(
      `SELECT booking_id AS "bookingId", person_id AS "personId", customer_code AS "customerCode", access_from AS "accessFrom", access_until AS "accessUntil", state, assignment_id AS "assignmentId"
         FROM licence_booking WHERE booking_id = $1 FOR UPDATE`,
      [bookingId],
    );
    return row;
  }

  /** Bookings waiting for the person's account, or those whose booked end has passed while they hold a licence. */
  async bookings(manager: EntityManager, filter: { pendingFor?: string; endedBefore?: Date }): Promise<Booking[]> {
    return manager.query(
      `SELECT booking_id AS "bookingId", person_id AS "personId", customer_code AS "customerCode", access_from AS "accessFrom", access_until AS "accessUntil", state, assignment_id AS "assignmentId"
         FROM licence_booking
        WHERE ($1::text IS NOT NULL AND state = 'pending' AND person_id = $1) OR ($2::timestamptz IS NOT NULL AND state = 'assigned' AND access_until < $2)
        ORDER BY booking_id`,
      [filter.pendingFor ?? null, filter.endedBefore ?? null],
    );
  }
}
