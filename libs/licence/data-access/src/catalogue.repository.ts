import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Contract, Pool, Product } from '@itops/licence/domain';

export interface PoolUsage extends Pool {
  used: number;
  overflow: number;
}

export interface ContractUsage extends Contract {
  used: number;
}

const PRODUCT = `code, name, monthly_price_sek::text AS "monthlyPriceSek", group_dn AS "groupDn", serves_as AS "servesAs", addon, activity_service AS "activityService"`;
const CONTRACT = `reference, supplier, product_code AS "productCode", quantity, unit_price_sek::text AS "unitPriceSek",
  to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", to_char(true_up_on, 'YYYY-MM-DD') AS "trueUpOn"`;

/** Products, contracts and pools: what licence managers import and harvesting prices with. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts or updates each product by code; products not named stay as they are (assignments refer to them). */
  async saveProducts(manager: EntityManager, products: readonly Product[]): Promise<void> {
    for (const p of products) {
      await manager.query(
        `INSERT INTO licence_product (code, name, monthly_price_sek, group_dn, serves_as, addon, activity_service) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO UPDATE SET name = $2, monthly_price_sek = $3, group_dn = $4, serves_as = $5, addon = $6, activity_service = $7, updated_at = now()`,
        [p.code, p.name, p.monthlyPriceSek, p.groupDn, p.servesAs, p.addon, p.activityService],
      );
    }
  }

  async products(manager: EntityManager = this.dataSource.manager): Promise<Product[]> {
    return manager.query(`SELECT ${PRODUCT} FROM licence_product ORDER BY code`);
  }

  async product(manager: EntityManager, code: string): Promise<Product | undefined> {
    const [row]: Product[] = await manager.query(`SELECT ${PRODUCT} FROM licence_product WHERE code = $1`, [code]);
    return row;
  }

  async saveContracts(manager: EntityManager, contracts: readonly Contract[]): Promise<void> {
    for (const c of contracts) {
      await manager.query(
        `INSERT INTO licence_contract (reference, supplier, product_code, quantity, unit_price_sek, starts_on, ends_on, true_up_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (reference) DO UPDATE SET supplier = $2, product_code = $3, quantity = $4, unit_price_sek = $5, starts_on = $6, ends_on = $7, true_up_on = $8, updated_at = now()`,
        [c.reference, c.supplier, c.productCode, c.quantity, c.unitPriceSek, c.startsOn, c.endsOn, c.trueUpOn],
      );
    }
  }

  async contracts(manager: EntityManager = this.dataSource.manager): Promise<ContractUsage[]> {
    return manager.query(
      `SELECT ${CONTRACT}, (SELECT count(*)::int FROM licence_assignment a WHERE a.contract_reference = c.reference AND a.to_date IS NULL) AS used
         FROM licence_contract c ORDER BY product_code, reference`,
    );
  }

  /**
   * The contract a new licence is drawn from on `onDate`: one in its term with units left (the one
   * ending first), else the one in its term ending last (over-allocation: a true-up raises it).
   * The row is locked so concurrent assignments count each other.
   */
  async pickContract(manager: EntityManager, productCode: string, onDate: string): Promise<Contract | undefined> {
    const [row]: Contract[] = await manager.query(
      `SELECT ${CONTRACT} FROM licence_contract c
        WHERE c.product_code = $1 AND c.starts_on <= $2 AND c.ends_on >= $2
        ORDER BY ((SELECT count(*) FROM licence_assignment a WHERE a.contract_reference = c.reference AND a.to_date IS NULL) < c.quantity) DESC,
                 c.ends_on, c.reference
        LIMIT 1 FOR UPDATE OF c`,
      [productCode, onDate],
    );
    return row;
  }

  async savePools(manager: EntityManager, pools: readonly Pool[]): Promise<void> {
    for (const p of pools) {
      await manager.query(
        `INSERT INTO licence_pool (code, customer_code, product_code, kind, size) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET customer_code = $2, product_code = $3, kind = $4, size = $5, updated_at = now()`,
        [p.code, p.customerCode, p.productCode, p.kind, p.size],
      );
    }
  }

  async pools(manager: EntityManager = this.dataSource.manager, customerCode?: string): Promise<PoolUsage[]> {
    return manager.query(
      `SELECT code, customer_code AS "customerCode", product_code AS "productCode", kind, size,
              (SELECT count(*)::int FROM licence_assignment a WHERE a.pool_code = p.code AND a.to_date IS NULL AND NOT a.overflow) AS used,
              (SELECT count(*)::int FROM licence_assignment a WHERE a.pool_code = p.code AND a.to_date IS NULL AND a.overflow) AS overflow
         FROM licence_pool p WHERE ($1::text IS NULL OR p.customer_code = $1 OR p.customer_code IS NULL) ORDER BY code`,
      [customerCode ?? null],
    );
  }

  /**
   * The pool a licence is taken from: the customer's own pool of the kind first, then a city-wide one.
   * Locked, so two bookings at once cannot both take the last licence.
   */
  async pickPool(manager: EntityManager, customerCode: string, kind: Pool['kind'], productCode?: string): Promise<PoolUsage | undefined> {
    const [pool]: Pool[] = await manager.query(
      `SELECT code, customer_code AS "customerCode", product_code AS "productCode", kind, size FROM licence_pool
        WHERE kind = $2 AND (customer_code = $1 OR customer_code IS NULL) AND ($3::text IS NULL OR product_code = $3)
        ORDER BY customer_code IS NULL, code LIMIT 1 FOR UPDATE`,
      [customerCode, kind, productCode ?? null],
    );
    if (!pool) return undefined;
    const [{ used }]: Array<{ used: number }> = await manager.query(
      'SELECT count(*)::int AS used FROM licence_assignment WHERE pool_code = $1 AND to_date IS NULL AND NOT overflow',
      [pool.code],
    );
    return { ...pool, used, overflow: 0 };
  }
}
