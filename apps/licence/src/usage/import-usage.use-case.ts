import { Injectable } from '@nestjs/common';
import { DataSource } from '@itops/shared/persistence';
import { UsageActivityRepository } from '@itops/licence/data-access';
import { GraphUsersPage, parseSignInActivity, parseUsageCsv, ParsedUsageReport, UsageReport } from '@itops/licence/domain';

export interface UsageImportAnswer {
  id: number;
  report: UsageReport;
  refreshDate: string | null;
  users: number;
  activities: number;
  /** UPNs of the export that match no licence holder (another tenant, or names concealed in the admin center). */
  unmatchedUsers: number;
}

/**
 * Imports a Microsoft 365 usage export (CSV as the admin center downloads it) or Entra sign-in
 * activity (Graph /users pages): the last activity per account and service, kept when later than
 * what is known. Harvesting reads it as "last seen" and per add-on ("copilot").
 */
@Injectable()
export class ImportUsage {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activity: UsageActivityRepository,
  ) {}

  async csv(report: Exclude<UsageReport, 'entra-sign-ins'>, csv: string, importedBy: string): Promise<UsageImportAnswer> {
    return this.save(parseUsageCsv(report, csv), importedBy);
  }

  async signIns(pages: readonly GraphUsersPage[], importedBy: string): Promise<UsageImportAnswer> {
    return this.save(parseSignInActivity(pages), importedBy);
  }

  private async save(parsed: ParsedUsageReport, importedBy: string): Promise<UsageImportAnswer> {
    return this.dataSource.transaction(async (manager) => {
      await this.activity.upsert(manager, parsed.activities);
      const refreshDate = parsed.refreshDate || null;
      const id = await this.activity.recordImport(manager, { report: parsed.report, refreshDate, users: parsed.users, activities: parsed.activities.length, importedBy });
      const unmatchedUsers = await this.activity.unmatched(manager, parsed.activities.map((a) => a.userPrincipalName));
      return { id, report: parsed.report, refreshDate, users: parsed.users, activities: parsed.activities.length, unmatchedUsers };
    });
  }
}
