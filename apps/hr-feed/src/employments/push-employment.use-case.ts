import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { checkPushedEmployment, classifyChange, stockholmDate } from '@itops/hr-feed/domain';
import { CustomerRepository, EmploymentRepository } from '@itops/hr-feed/data-access';
import { CLOCK, Clock } from '../clock';
import { EmploymentChangeResult } from './employment-change.result';
import { PushedChangeApplier } from './pushed-change-applier.service';

export interface PushEmploymentCommand {
  employmentId: string;
  /** The JSON body as received: one employment with the fields of a snapshot row. */
  body: unknown;
  /** Token subject of the caller. */
  actor: string;
}

/**
 * One employment pushed by the HR system between snapshots: checked by the rules of a snapshot row,
 * diffed against its stored state by the rule a snapshot uses (classifyChange), stored and announced
 * with one event. The same body again changes nothing and sends nothing, and the next snapshot that
 * lists the employment as pushed finds it unchanged.
 */
@Injectable()
export class PushEmployment {
  private readonly logger = new Logger(PushEmployment.name);

  constructor(
    private readonly customers: CustomerRepository,
    private readonly employments: EmploymentRepository,
    private readonly applier: PushedChangeApplier,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(command: PushEmploymentCommand): Promise<EmploymentChangeResult> {
    const { employmentId, actor } = command;
    const employment = checkPushedEmployment(employmentId, command.body, await this.customers.codes());
    const at = this.now();
    const result = await this.applier.transaction(employmentId, async (manager): Promise<EmploymentChangeResult> => {
      const stored = await this.employments.find(manager, employmentId);
      if (stored?.source === 'booking') {
        throw new ConflictException({
          code: 'EMPLOYMENT_IS_BOOKING',
          message: `employment ${employmentId} is a substitute booking; change it with POST /v1/bookings or cancel it with DELETE /v1/bookings/${employmentId}`,
        });
      }
      const kind = classifyChange(stored?.employment ?? null, employment, stockholmDate(at));
      if (kind === null) {
        return { employmentId, personId: this.applier.personIdOf(employment), change: 'UNCHANGED', changeId: null };
      }
      const { changeId, personId } = await this.applier.apply(manager, {
        operation: 'put-employment',
        kind,
        employment,
        source: 'push',
        inSnapshot: true,
        booking: null,
        cancelledAt: null,
        actor,
        at,
      });
      return { employmentId, personId, change: kind, changeId };
    });
    // Ids and the kind only: the employment's values are personal data.
    this.logger.log({ msg: 'employment pushed', employmentId, change: result.change, changeId: result.changeId, actor });
    return result;
  }
}
