import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { create, newEnvelope, Topics, UsageRecordedSchema } from '@itops/shared/contracts';
import { EventBatch, EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { LedgerItem, LedgerRepository, openItemKey } from '@itops/metering/data-access';

/** Where an item comes from: the transaction it is written in, and the event or request behind it. */
export interface RecordingContext {
  manager: EntityManager;
  correlationId: string;
  /** The event that caused the item; empty for an operator's request. */
  causationId: string;
  /**
   * The consumer batch the event is handled in, when the caller reads open items through
   * `findOpen` below: the items are then written together before the batch commits.
   */
  batch?: EventBatch;
}

/** A subject's open item is looked up by these (see LedgerRepository.findOpen). */
export interface OpenItemSubject {
  subjectType: string;
  subjectId: string;
  offeringCode: string;
}

/** What a batch knows of the ledger: open items read ahead or appended in it, and items to write. */
interface BatchLedger {
  open: Map<string, LedgerItem | null>;
  pending: LedgerItem[];
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

  /**
   * The open item of a subject (LedgerRepository.findOpen). In a consumer batch, the first call
   * reads the open items of every subject the batch's events concern (`readAhead`) in one
   * query; later calls are answered from that and from the items the batch appended. Only this
   * topic's handler reads and writes these subjects (one key, one partition), so nothing else
   * changes them while the batch runs.
   */
  async findOpen(ctx: RecordingContext, subject: OpenItemSubject, readAhead: (events: readonly unknown[]) => OpenItemSubject[]): Promise<LedgerItem | null> {
    if (!ctx.batch) return this.ledger.findOpen(ctx.manager, subject.subjectType, subject.subjectId, subject.offeringCode);
    const state = await this.batchLedger(ctx.manager, ctx.batch, readAhead);
    const key = openItemKey(subject);
    if (!state.open.has(key)) state.open.set(key, await this.ledger.findOpen(ctx.manager, subject.subjectType, subject.subjectId, subject.offeringCode));
    return state.open.get(key) ?? null;
  }

  private async batchLedger(manager: EntityManager, batch: EventBatch, readAhead: (events: readonly unknown[]) => OpenItemSubject[]): Promise<BatchLedger> {
    const known = batch.state.get(UsageLedger) as BatchLedger | undefined;
    if (known) return known;
    const state: BatchLedger = { open: new Map(), pending: [] };
    batch.state.set(UsageLedger, state);
    const subjects = readAhead(batch.events);
    const found = await this.ledger.findOpenMany(manager, subjects);
    for (const subject of subjects) state.open.set(openItemKey(subject), found.get(openItemKey(subject)) ?? null);
    batch.beforeCommit(() => this.ledger.appendMany(manager, state.pending));
    return state;
  }

  async record(ctx: RecordingContext, item: NewLedgerItem): Promise<LedgerItem> {
    const state = ctx.batch?.state.get(UsageLedger) as BatchLedger | undefined;
    const saved = state
      ? this.appendInBatch(state, { id: uuidv7(), ...item, unitCostSek: item.unitCostSek ?? null })
      : await this.ledger.append(ctx.manager, { id: uuidv7(), ...item, unitCostSek: item.unitCostSek ?? null });
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

  /** Kept for the batch's one INSERT; the subject's open item follows what was appended. */
  private appendInBatch(state: BatchLedger, item: Omit<LedgerItem, 'recordedAt'>): LedgerItem {
    // recorded_at is the database's now() at insert (the transaction's start); this is close to it.
    const saved: LedgerItem = { ...item, recordedAt: new Date() };
    state.pending.push(saved);
    if (saved.kind === 'open') state.open.set(openItemKey(saved), saved);
    else if (saved.kind === 'close') state.open.set(openItemKey(saved), null);
    return saved;
  }
}
