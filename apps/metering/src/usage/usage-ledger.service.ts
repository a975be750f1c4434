import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { create, newEnvelope, Topics, UsageRecordedSchema } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { LedgerItem, LedgerRepository } from '@itops/metering/data-access';

/** Where an item comes from: the transaction it is written in, and the event or request behind it. */
export interface RecordingContext {
  manager: EntityManager;
  correlationId: string;
  /** The event that caused the item; empty for an operator's request. */
  causationId: string;
}

/** An item to append; `unitCostSek` only for pass-through offerings (a licence at cost). */
export type NewLedgerItem = Omit<LedgerItem, 'id' | 'recordedAt' | 'unitCostSek'> & { unitCostSek?: string | null };

/**
 * The one way into the ledger: appends an item and announces it on metering.usage.v1 (for
 * billing) in the same transaction, through the outbox. Items are never changed afterwards.
 */
@Injectable()
export class UsageLedger {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async record(ctx: RecordingContext, item: NewLedgerItem): Promise<LedgerItem> {
    const saved = await this.ledger.append(ctx.manager, { id: uuidv7(), ...item, unitCostSek: item.unitCostSek ?? null });
    await this.publisher.publish(
      ctx.manager,
      Topics.meteringUsage,
      create(UsageRecordedSchema, {
        envelope: newEnvelope({ source: 'metering', eventType: Topics.meteringUsage.eventType, correlationId: ctx.correlationId, causationId: ctx.causationId }),
        ledgerItemId: saved.id,
        kind: saved.kind,
        refersTo: saved.refersTo ?? '',
        customerCode: saved.customerCode,
        offeringCode: saved.offeringCode,
        subjectType: saved.subjectType,
        subjectId: saved.subjectId,
        quantity: saved.quantity,
        validFrom: saved.validFrom,
        validTo: saved.validTo ?? '',
        unitCostSek: saved.unitCostSek ?? '',
      }),
    );
    return saved;
  }
}
