import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person's AD account as identity made it: one live account per person. The password is never
 * here. `dn` is where identity last saw the account; `objectGuid` finds it even after someone
 * moved or renamed it in AD. A deleted account stays as a record (`deletedAt`), and its name is
 * never given out again.
 */
@Entity({ name: 'account' })
export class Account {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  /** Unique among live accounts. */
  @Column('text', { name: 'person_id' })
  personId!: string;

  /** Lower case; unique case-insensitively, as in AD. */
  @Column('text', { name: 'sam_account_name' })
  samAccountName!: string;

  @Column('text', { name: 'user_principal_name' })
  userPrincipalName!: string;

  @Column('text')
  dn!: string;

  @Column('uuid', { name: 'object_guid', nullable: true })
  objectGuid!: string | null;

  /** The paying customer: the primary employment's. */
  @Column('text', { name: 'customer_code' })
  customerCode!: string;

  @Column('boolean')
  enabled!: boolean;

  /** The primary employment's unit: a change of unit or customer is a move. Null for accounts made before it was recorded. */
  @Column('text', { name: 'unit_code', nullable: true })
  unitCode!: string | null;

  @Column('text', { name: 'primary_employment_id', nullable: true })
  primaryEmploymentId!: string | null;

  /**
   * The attributes identity last wrote to AD (attribute name to value; absent means cleared).
   * Whether something changed is decided against these, so a change AD already has after a
   * rolled-back attempt is still audited and announced once.
   */
  @Column('jsonb', { nullable: true })
  attributes!: Record<string, string> | null;

  /** When the account's group memberships were removed (a leaver); cleared when it is enabled again. */
  @Column('timestamptz', { name: 'access_removed_at', nullable: true })
  accessRemovedAt!: Date | null;

  /** When the account was deleted from AD after the retention period. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
