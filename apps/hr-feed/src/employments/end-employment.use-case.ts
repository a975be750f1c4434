import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { endEmployment } from '@itops/hr-feed/domain';
import { EmploymentRepository } from '@itops/hr-feed/data-access';
import { CLOCK, Clock } from '../clock';
import { EmploymentChangeResult } from './employment-change.result';
import { PushedChangeApplier } from './pushed-change-applier.service';

/**
 * Ends a stored employment on a given last day (`DELETE /v1/employments/:id?lastDay=`): a LEAVER with
 * that end date. The same last day again changes nothing. An employment HR no longer lists keeps
 * that state: ending it does not bring it back into the set snapshots are diffed against.
 */
@Injectable()
export class EndEmployment {
  private readonly logger = new Logger(EndEmployment.name);

  constructor(
    private readonly employments: EmploymentRepository,
    private readonly applier: PushedChangeApplier,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(command: { employmentId: string; lastDay: string | undefined; actor: string }): Promise<EmploymentChangeResult> {
    const { employmentId, actor } = command;
    const at = this.now();
    const result = await this.applier.transaction(employmentId, async (manager): Promise<EmploymentChangeResult> => {
      const stored = await this.employments.find(manager, employmentId);
      if (stored === null) {
        throw new NotFoundException({ code: 'EMPLOYMENT_NOT_FOUND', message: `employment ${employmentId} does not exist; nothing to end` });
      }
      if (stored.source === 'booking') {
        throw new ConflictException({
          code: 'EMPLOYMENT_IS_BOOKING',
          message: `employment ${employmentId} is a substitute booking; cancel it with DELETE /v1/bookings/${employmentId}`,
        });
      }
      const ended = endEmployment(stored.employment, command.lastDay);
      if (ended === null) return { employmentId, personId: stored.personId, change: 'UNCHANGED', changeId: null };
      const { changeId, personId } = await this.applier.apply(manager, {
        operation: 'end-employment',
        kind: 'LEAVER',
        employment: ended,
        source: 'push',
        inSnapshot: stored.inSnapshot,
        booking: null,
        cancelledAt: null,
        actor,
        at,
      });
      return { employmentId, personId, change: 'LEAVER', changeId };
    });
    this.logger.log({ msg: 'employment ended', employmentId, change: result.change, changeId: result.changeId, actor });
    return result;
  }
}
