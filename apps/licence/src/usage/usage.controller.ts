import { Body, Controller, HttpCode, Post, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { checkUsageReport, GraphUsersPage, LicenceException, LicenceExceptionCode } from '@itops/licence/domain';
import { licenceStatusByCode } from '../licence-error-status';
import { ImportUsage, UsageImportAnswer } from './import-usage.use-case';

@Controller('v1/usage')
@UseInterceptors(new DomainCodes(licenceStatusByCode))
export class UsageController {
  constructor(private readonly importUsage: ImportUsage) {}

  /**
   * `POST /v1/usage/imports?report=active-users|teams-activity|copilot-activity` with the CSV as
   * the body (Content-Type: text/csv); `report=entra-sign-ins` with Graph /users pages as JSON
   * (one page `{"value": [...]}` or a list of pages).
   */
  @Post('imports')
  @HttpCode(201)
  @Roles(Role.LicenceManager, Role.Admin)
  async import(@CurrentUser() user: AuthUser, @Query('report') reportName: string | undefined, @Body() body: unknown): Promise<UsageImportAnswer> {
    const report = checkUsageReport(reportName);
    if (report === 'entra-sign-ins') {
      if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) {
        throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, 'entra-sign-ins: send Graph /users pages as JSON (Content-Type: application/json): {"value": [{"userPrincipalName", "signInActivity"}]} or a list of them');
      }
      return this.importUsage.signIns(Array.isArray(body) ? (body as GraphUsersPage[]) : [body as GraphUsersPage], user.subject);
    }
    const csv = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
    if (csv.trim() === '') throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, `${report}: send the admin center's CSV export as the request body with Content-Type: text/csv`);
    return this.importUsage.csv(report, csv, user.subject);
  }
}
