import { Inject, Injectable } from '@nestjs/common';
import { personIdFor, SnapshotImportPlan } from '@itops/hr-feed/domain';
import { EmploymentRepository, EmploymentToStore } from '@itops/hr-feed/data-access';
import { Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { HR_FEED_SETTINGS, HrFeedSettings } from '../hr-feed.config';
import { employmentChangedEvent } from '../employment-changed.factory';

/**
 * Applies a snapshot's plan inside the caller's transaction: the employments as they now are, and one
 * hr.employment.v1 event per change through the outbox, so the state and its announcement commit together.
 */
@Injectable()
export class SnapshotApplier {
  constructor(
    private readonly employments: EmploymentRepository,
    private readonly publisher: EventPublisher,
    @Inject(HR_FEED_SETTINGS) private readonly settings: HrFeedSettings,
  ) {}

  async apply(manager: EntityManager, plan: SnapshotImportPlan, snapshotId: string, occurredAt: Date): Promise<void> {
    const personIds = new Map<string, string>();
    const personIdOf = (personnummer: string): string => {
      let id = personIds.get(personnummer);
      if (id === undefined) {
        id = personIdFor(personnummer, this.settings.personIdSecret);
        personIds.set(personnummer, id);
      }
      return id;
    };
    const toStore: EmploymentToStore[] = plan.changes.map((change) => ({
      employment: change.employment,
      personId: personIdOf(change.employment.personnummer),
      inSnapshot: change.inSnapshot,
    }));
    await this.employments.save(manager, snapshotId, toStore);
    await this.employments.retire(manager, snapshotId, plan.retired);
    for (const [index, change] of plan.changes.entries()) {
      await this.publisher.publish(
        manager,
        Topics.hrEmployment,
        employmentChangedEvent(change, { personId: toStore[index].personId, snapshotId, occurredAt }),
      );
    }
  }
}
