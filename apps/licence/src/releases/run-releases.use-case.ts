import { Inject, Injectable, Logger } from '@nestjs/common';
import { addDays, stockholmDate } from '@itops/shared/calendar';
import { DataSource, RunLockRepository } from '@itops/shared/persistence';
import { AssignmentRepository, LicenceHolderRepository, RELEASE_RUN_LOCK_KEY } from '@itops/licence/data-access';
import { LicenceAssignments } from '../assignments/licence-assignments.service';
import { TakeSubstituteLicence } from '../bookings/take-substitute-licence.use-case';
import { LICENCE_OPTIONS, LicenceOptions } from '../licence.config';

export interface ReleaseRun {
  ran: boolean;
  today: string;
  /** Leavers whose grace period ended on or before today. */
  leavers: number;
  released: number;
  /** Substitute bookings whose booked end passed: their pool licences went back. */
  bookingsEnded: number;
}

/**
 * Releases what is due: a leaver's licences once ITOPS_LICENCE_LEAVER_GRACE_DAYS have passed since
 * identity disabled the account, and substitute pool licences whose booking ended. One account per
 * transaction, so one failure does not hold back the rest; one replica at a time (advisory lock).
 */
@Injectable()
export class RunReleases {
  private readonly logger = new Logger(RunReleases.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly lock: RunLockRepository,
    private readonly holders: LicenceHolderRepository,
    private readonly assignments: AssignmentRepository,
    private readonly licences: LicenceAssignments,
    private readonly substitutes: TakeSubstituteLicence,
    @Inject(LICENCE_OPTIONS) private readonly options: LicenceOptions,
  ) {}

  async execute(now: Date = this.options.now()): Promise<ReleaseRun> {
    const today = stockholmDate(now);
    const result = await this.lock.whileHolding(RELEASE_RUN_LOCK_KEY, async () => {
      const run = { ran: true, today, leavers: 0, released: 0, bookingsEnded: 0 };
      const due = await this.holders.leaversDue(this.dataSource.manager, addDays(today, -this.options.leaverGraceDays));
      for (const holder of due) {
        try {
          await this.dataSource.transaction(async (manager) => {
            const change = { manager, actor: 'licence', correlationId: '', causationId: '' };
            for (const assignment of await this.assignments.openOf(manager, holder.accountId)) {
              const reason = `leaver: disabled ${holder.leftOn}, grace ${this.options.leaverGraceDays} days`;
              if (await this.licences.release(change, assignment, holder.samAccountName, today, reason)) run.released++;
            }
          });
          run.leavers++;
        } catch (error) {
          this.logger.error({ msg: 'leaver release failed; retried in the next run', accountId: holder.accountId, err: error instanceof Error ? error.message : String(error) });
        }
      }
      for (const booking of await this.assignments.bookings(this.dataSource.manager, { endedBefore: now })) {
        await this.dataSource.transaction(async (manager) => {
          const locked = await this.assignments.findBooking(manager, booking.bookingId);
          if (locked?.state !== 'assigned') return;
          await this.substitutes.giveBack({ manager, actor: 'licence', correlationId: '', causationId: '' }, locked, 'booked end passed');
          run.bookingsEnded++;
        });
      }
      return run;
    });
    return result.ran ? result.value : { ran: false, today, leavers: 0, released: 0, bookingsEnded: 0 };
  }
}
