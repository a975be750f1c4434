import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { LIFECYCLE_ACTOR, LIFECYCLE_LOCK_KEY, PersonRepository } from '@itops/identity/data-access';
import { DataSource, RunLockRepository } from '@itops/shared/persistence';
import { AccountChange, AccountLifecycleService } from './account-lifecycle.service';

export interface LifecycleRunResult {
  /** False when another replica holds the run: nothing was done here. */
  ran: boolean;
  /** Correlation id of the events this run published. */
  runId: string;
  /** The instant the rules were applied at. */
  now: string;
  /** Persons whose review was due and who were looked at. */
  reviewed: number;
  /** Of those, persons whose account changed. */
  changed: number;
  /** Persons being changed by an HR event at the same moment (that event reviews them). */
  skipped: number;
  /** Persons whose review failed; each is tried again after a back-off. */
  failed: number;
  /** How many of each change the run made. */
  changes: Partial<Record<AccountChange, number>>;
}

export interface RunLifecycleOptions {
  /** Most persons one run looks at; the rest wait for the next run. */
  maxPersons?: number;
}

/** Persons read per query. */
const BATCH = 200;
const DEFAULT_MAX_PERSONS = 10_000;

/**
 * One run of the account lifecycle at `now`: every person whose review is due (a start, an end of
 * a last day, a booking's lead or grace, a retention or a transition reached; see
 * AccountLifecycleService) is reviewed in a transaction of their own, so one failure holds up no
 * one else. Only persons due are read, through the index on person.next_review_at: a quiet minute
 * costs one indexed query, not a pass over the population. At most one replica runs at a time (a
 * PostgreSQL advisory lock); another replica's call returns `ran: false`.
 *
 * `now` is explicit so specs choose the time; the scheduler passes the real clock.
 */
@Injectable()
export class RunLifecycle {
  private readonly logger = new Logger(RunLifecycle.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly persons: PersonRepository,
    private readonly runLock: RunLockRepository,
    private readonly lifecycle: AccountLifecycleService,
  ) {}

  async execute(now: Date, options: RunLifecycleOptions = {}): Promise<LifecycleRunResult> {
    const result: LifecycleRunResult = { ran: false, runId: uuidv7(), now: now.toISOString(), reviewed: 0, changed: 0, skipped: 0, failed: 0, changes: {} };
    const run = await this.runLock.whileHolding(LIFECYCLE_LOCK_KEY, () => this.reviewDue(now, result, options.maxPersons ?? DEFAULT_MAX_PERSONS));
    return { ...result, ran: run.ran };
  }

  private async reviewDue(now: Date, result: LifecycleRunResult, maxPersons: number): Promise<void> {
    const seen: string[] = [];
    while (seen.length < maxPersons) {
      const due = await this.persons.dueForReview(now, Math.min(BATCH, maxPersons - seen.length), seen);
      if (due.length === 0) break;
      for (const personId of due) {
        seen.push(personId);
        await this.review(personId, now, result);
      }
    }
    if (result.reviewed + result.failed > 0) {
      this.logger.log({ msg: 'lifecycle run', runId: result.runId, reviewed: result.reviewed, changed: result.changed, skipped: result.skipped, failed: result.failed, changes: result.changes });
    }
  }

  private async review(personId: string, now: Date, result: LifecycleRunResult): Promise<void> {
    try {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const person = await this.persons.lockIfDue(manager, personId, now);
        if (!person) return null;
        return this.lifecycle.converge(manager, person, now, {
          actor: LIFECYCLE_ACTOR,
          causeEventId: null,
          correlationId: result.runId,
          membershipCause: 'lifecycle',
        });
      });
      if (!outcome) {
        result.skipped += 1;
        return;
      }
      result.reviewed += 1;
      if (outcome.changes.length > 0) result.changed += 1;
      for (const change of outcome.changes) result.changes[change] = (result.changes[change] ?? 0) + 1;
    } catch (error) {
      // AD unavailable, or a refusal: the person stays due and is tried again after a back-off.
      result.failed += 1;
      const failures = await this.persons.postponeReview(personId, now).catch(() => 0);
      // Messages name ids and LDAP result codes only (see event-failure.ts), never names.
      this.logger.warn({ msg: 'lifecycle review failed; will retry', runId: result.runId, personId, failures, err: error instanceof Error ? error.message : String(error) });
    }
  }
}
