import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The customer register (kundregister): the billed customers (förvaltningar, bolag, förbund) whose
 * codes an HR row's organisationskod must name. Maintained by operators through PUT /v1/customers.
 */
@Entity({ name: 'customer' })
export class Customer {
  /** One capital letter and three digits, e.g. N138. */
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
