import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Booking, Employment, PlannedChangeKind, personIdFor } from '@itops/hr-feed/domain';
import { EmploymentRepository, EmploymentSource, PushedOperation, SnapshotRepository } from '@itops/hr-feed/data-access';
import { Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import { DataSource, type EntityManager } from '@itops/shared/persistence';
import { employmentChangedEvent } from '../employment-changed.factory';
import { HR_FEED_SETTINGS, HrFeedSettings } from '../hr-feed.config';

/** One change of one employment or booking that came through the push API. */
export interface PushedChangeToApply {
  readonly operation: PushedOperation;
  readonly kind: PlannedChangeKind;
  readonly employment: Employment;
  readonly source: Exclude<EmploymentSource, 'snapshot'>;
  /** Whether later snapshots are diffed against it: true for a pushed employment, false for a booking. */
  readonly inSnapshot: boolean;
  readonly booking: Pick<Booking, 'accessFrom' | 'accessUntil'> | null;
  readonly cancelledAt: Date | null;
  /** Token subject of the caller. */
  readonly actor: string;
  readonly at: Date;
}

/**
 * Runs a push and writes what it changed: the pushed-change record, the employment as it now is and
 * its one hr.employment.v1 event through the outbox, in one transaction. Nothing waits for a batch:
 * the outbox relay sends the event within moments of the commit.
 */
@Injectable()
export class PushedChangeApplier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly employments: EmploymentRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly publisher: EventPublisher,
    @Inject(HR_FEED_SETTINGS) private readonly settings: HrFeedSettings,
  ) {}

  /**
   * `work` in a transaction that no snapshot import runs beside (an import diffs and writes the whole
   * set) and no other push of the same id: the stored state it reads is the state it changes.
   */
  async transaction<T>(employmentId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await this.snapshots.lockAgainstImports(manager);
      await this.employments.lockEmployment(manager, employmentId);
      return work(manager);
    });
  }

  personIdOf(employment: Employment): string {
    return personIdFor(employment.personnummer, this.settings.personIdSecret);
  }

  /** Stores the change and announces it; returns the pushed change's id (the event's snapshot_id). */
  async apply(manager: EntityManager, change: PushedChangeToApply): Promise<{ changeId: string; personId: string }> {
    const changeId = uuidv7();
    const personId = this.personIdOf(change.employment);
    await this.employments.savePushed(
      manager,
      {
        id: changeId,
        receivedAt: change.at,
        actor: change.actor,
        operation: change.operation,
        employmentId: change.employment.employmentId,
        kind: change.kind,
      },
      {
        employment: change.employment,
        personId,
        source: change.source,
        inSnapshot: change.inSnapshot,
        booking: change.booking,
        cancelledAt: change.cancelledAt,
      },
    );
    await this.publisher.publish(
      manager,
      Topics.hrEmployment,
      employmentChangedEvent(
        { kind: change.kind, employment: change.employment },
        { personId, snapshotId: changeId, occurredAt: change.at, ...(change.booking ? { booking: change.booking } : {}) },
      ),
    );
    return { changeId, personId };
  }
}
