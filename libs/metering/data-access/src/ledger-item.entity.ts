import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type LedgerItemKind = 'open' | 'close' | 'adjust';

/**
 * One fact of the append-only usage ledger: a subject (account, licence assignment, device)
 * of a customer using an offering from a date (`open`), the end of such use (`close`, refers
 * to the item it ends), or an operator's correction (`adjust`, with reason and operator).
 * Rows are never updated or deleted; the database refuses it (see the migration).
 */
@Entity({ name: 'ledger_item' })
export class LedgerItem {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: LedgerItemKind;

  @Column('uuid', { name: 'refers_to', nullable: true })
  refersTo!: string | null;

  @Column('text', { name: 'customer_code' })
  customerCode!: string;

  @Column('text', { name: 'offering_code' })
  offeringCode!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('text', { name: 'subject_id' })
  subjectId!: string;

  /** Decimal as text: exact, never a binary float. */
  @Column('numeric', { precision: 18, scale: 4 })
  quantity!: string;

  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to', nullable: true })
  validTo!: string | null;

  @Column('uuid', { name: 'source_event_id', nullable: true })
  sourceEventId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { nullable: true })
  operator!: string | null;

  /** Monthly cost of one unit in SEK for pass-through (a licence at cost), decimal text; null when the price list applies. */
  @Column('numeric', { name: 'unit_cost_sek', nullable: true })
  unitCostSek!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
