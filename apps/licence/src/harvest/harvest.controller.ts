import { Body, Controller, ForbiddenException, Get, HttpCode, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { HARVEST_REASONS, HarvestReason, LicenceException, LicenceExceptionCode, Saving } from '@itops/licence/domain';
import { licenceStatusByCode, optionalCustomer } from '../licence-error-status';
import { AppliedCandidate, HarvestAnswer, HarvestService } from './harvest.service';

interface ApplyBody {
  customer?: string;
  reasons?: string[];
  assignmentIds?: string[];
}

/** Harvesting (licence managers): candidates with reasons and savings, applying them, the board's workbook. */
@Controller('v1')
@UseInterceptors(new DomainCodes(licenceStatusByCode))
export class HarvestController {
  constructor(private readonly harvest: HarvestService) {}

  @Get('harvest')
  @Roles(Role.LicenceManager, Role.Admin, Role.Auditor, Role.CustomerViewer)
  async candidates(@CurrentUser() user: AuthUser, @Query('customer') customer?: string): Promise<HarvestAnswer> {
    return this.harvest.candidates(this.visibleCustomer(user, customer));
  }

  @Get('harvest/export')
  @Roles(Role.LicenceManager, Role.Admin, Role.Auditor, Role.CustomerViewer)
  async export(@CurrentUser() user: AuthUser, @Query('customer') customer?: string): Promise<StreamableFile> {
    const code = this.visibleCustomer(user, customer);
    return new StreamableFile(await this.harvest.workbook(code), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="licence-harvest${code ? `-${code}` : ''}.xlsx"`,
    });
  }

  /** Applies a fresh run's candidates (all, or of the given reasons or assignments): released or downgraded through the groups, audited. */
  @Post('harvest/apply')
  @HttpCode(200)
  @Roles(Role.LicenceManager, Role.Admin)
  async apply(@CurrentUser() user: AuthUser, @Body() body: ApplyBody = {}): Promise<{ applied: AppliedCandidate[] }> {
    const reasons = body.reasons?.map((r) => {
      if (!(HARVEST_REASONS as readonly string[]).includes(r)) throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, `reasons: "${r}" is not a harvest reason; expected ${HARVEST_REASONS.join(', ')}`);
      return r as HarvestReason;
    });
    if (body.assignmentIds !== undefined && (!Array.isArray(body.assignmentIds) || body.assignmentIds.some((id) => typeof id !== 'string'))) {
      throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, 'assignmentIds: expected a list of assignment ids from GET /v1/harvest');
    }
    return { applied: await this.harvest.apply(user.subject, { customerCode: optionalCustomer(body.customer), reasons, assignmentIds: body.assignmentIds }) };
  }

  /** Savings per customer and product, per month and year; a reduction counts from the contract's next true-up date. */
  @Get('savings')
  @Roles(Role.LicenceManager, Role.Admin, Role.Auditor, Role.CustomerViewer)
  savings(@CurrentUser() user: AuthUser, @Query('customer') customer?: string): Promise<{ today: string; savings: Saving[] }> {
    return this.harvest.savings(this.visibleCustomer(user, customer));
  }

  private visibleCustomer(user: AuthUser, customer: string | undefined): string | undefined {
    const code = optionalCustomer(customer);
    if (user.roles.every((r) => r === Role.CustomerViewer)) {
      if (!code) throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, 'customer: a customer viewer must name one of their customers, e.g. customer=N138');
      if (!canViewCustomer(user, code)) throw new ForbiddenException(`you may not see customer ${code}`);
    }
    return code;
  }
}
