import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface DeviceUser {
  personId: string;
  accountId: string | null;
  customerCode: string;
  accountEnabled: boolean;
  employments: number;
}

@Injectable()
export class DeviceUserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new employment for the person (joiner): counted, the paying customer noted. */
  async addEmployment(manager: EntityManager, personId: string, customerCode: string): Promise<void> {
    await manager.query(
      `INSERT INTO device_user (person_id, customer_code, employments) VALUES ($1, $2, 1)
       ON CONFLICT (person_id) DO UPDATE SET employments = device_user.employments + 1, updated_at = now()`,
      [personId, customerCode],
    );
  }

  /** The person's account as identity last announced it; the UPN is what device exports name users by. */
  async recordAccount(manager: EntityManager, personId: string, accountId: string, customerCode: string, enabled: boolean, userPrincipalName = ''): Promise<void> {
    await manager.query(
      `INSERT INTO device_user (person_id, account_id, customer_code, account_enabled, user_principal_name) VALUES ($1, $2, $3, $4, nullif($5, ''))
       ON CONFLICT (person_id) DO UPDATE SET account_id = $2, customer_code = $3, account_enabled = $4,
              user_principal_name = coalesce(nullif($5, ''), device_user.user_principal_name), updated_at = now()`,
      [personId, accountId, customerCode, enabled, userPrincipalName],
    );
  }

  async forCustomer(customerCode: string): Promise<DeviceUser[]> {
    return this.dataSource.query(
      `SELECT person_id AS "personId", account_id AS "accountId", customer_code AS "customerCode",
              account_enabled AS "accountEnabled", employments
         FROM device_user WHERE customer_code = $1 ORDER BY person_id`,
      [customerCode],
    );
  }
}
