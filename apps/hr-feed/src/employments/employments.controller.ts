import { BadRequestException, Body, Controller, Delete, Param, Put, Query } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { EmploymentChangeResult } from './employment-change.result';
import { parseEmploymentId } from './employment-id.parser';
import { EndEmployment } from './end-employment.use-case';
import { PushEmployment } from './push-employment.use-case';

/**
 * The push API: single employment changes the HR system sends between full snapshots. A pushed
 * employment is in the set the next snapshot is diffed against, so the two agree.
 */
@Controller('v1/employments')
export class EmploymentsController {
  constructor(
    private readonly pushEmployment: PushEmployment,
    private readonly endEmployment: EndEmployment,
  ) {}

  /**
   * Creates or replaces one employment (JSON with the fields of a snapshot row: personnummer,
   * givenName, surname, customerCode, unitCode, unitName, costCentre, jobCode, jobTitle, form,
   * rate, startDate, endDate, managerEmploymentId, protectedIdentity). 400 for a body of the wrong
   * shape, 422 for one that breaks a row rule, each with `details` per field.
   */
  @Put(':employmentId')
  @Roles(Role.Operator)
  async put(@CurrentUser() user: AuthUser, @Param('employmentId') employmentId: string, @Body() body: unknown): Promise<EmploymentChangeResult> {
    return this.pushEmployment.execute({ employmentId: parseEmploymentId(employmentId), body, actor: user.subject });
  }

  /** Ends one employment on `lastDay` (YYYY-MM-DD, inclusive): a LEAVER. */
  @Delete(':employmentId')
  @Roles(Role.Operator)
  async end(
    @CurrentUser() user: AuthUser,
    @Param('employmentId') employmentId: string,
    @Query('lastDay') lastDay?: unknown,
  ): Promise<EmploymentChangeResult> {
    if (lastDay !== undefined && typeof lastDay !== 'string') {
      throw new BadRequestException({ code: 'INVALID_INPUT', message: 'lastDay is given more than once; allowed: one last day as YYYY-MM-DD' });
    }
    return this.endEmployment.execute({ employmentId: parseEmploymentId(employmentId), lastDay, actor: user.subject });
  }
}
