import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person's AD account as identity made it: one per person. The password is never here.
 * `dn` is where identity last saw the account; `objectGuid` finds it even after someone moved
 * or renamed it in AD.
 */
@Entity({ name: 'account' })
export class Account {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'person_id', unique: true })
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
