import type { GraphUsersPage } from '@itops/licence/domain';

/** One user as the fake tenant knows them; dates YYYY-MM-DD, empty when never. */
export interface FakeTenantUser {
  userPrincipalName: string;
  displayName?: string;
  isDeleted?: boolean;
  assignedProducts?: string[];
  exchange?: string;
  oneDrive?: string;
  sharePoint?: string;
  teams?: string;
  copilot?: string;
  /** Entra signInActivity instants (ISO 8601). */
  lastSignInDateTime?: string | null;
  lastNonInteractiveSignInDateTime?: string | null;
}

/** The columns of GET /reports/getOffice365ActiveUserDetail(period='D180') (v1.0), in Graph's order. */
export const ACTIVE_USER_DETAIL_COLUMNS = [
  'Report Refresh Date',
  'User Principal Name',
  'Display Name',
  'Is Deleted',
  'Deleted Date',
  'Has Exchange License',
  'Has OneDrive License',
  'Has SharePoint License',
  'Has Skype For Business License',
  'Has Yammer License',
  'Has Teams License',
  'Exchange Last Activity Date',
  'OneDrive Last Activity Date',
  'SharePoint Last Activity Date',
  'Skype For Business Last Activity Date',
  'Yammer Last Activity Date',
  'Teams Last Activity Date',
  'Exchange License Assign Date',
  'OneDrive License Assign Date',
  'SharePoint License Assign Date',
  'Skype For Business License Assign Date',
  'Yammer License Assign Date',
  'Teams License Assign Date',
  'Assigned Products',
];

/** The columns of GET /reports/getTeamsUserActivityUserDetail(period='D180'), up to the counts the importer ignores. */
export const TEAMS_USER_ACTIVITY_COLUMNS = ['Report Refresh Date', 'User Id', 'User Principal Name', 'Last Activity Date', 'Is Deleted', 'Deleted Date', 'Assigned Products', 'Team Chat Message Count', 'Private Chat Message Count', 'Call Count', 'Meeting Count', 'Has Other Action', 'Report Period'];

/** The columns of GET /reports/getMicrosoft365CopilotUsageUserDetail(period='D180') as CSV. */
export const COPILOT_USAGE_COLUMNS = [
  'Report Refresh Date',
  'User Principal Name',
  'Display Name',
  'Last Activity Date',
  'Microsoft Teams Copilot Last Activity Date',
  'Word Copilot Last Activity Date',
  'Excel Copilot Last Activity Date',
  'PowerPoint Copilot Last Activity Date',
  'Outlook Copilot Last Activity Date',
  'OneNote Copilot Last Activity Date',
  'Loop Copilot Last Activity Date',
  'Copilot Chat Last Activity Date',
  'Report Period',
];

const cell = (value: string | undefined): string => (value === undefined ? '' : /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * A Microsoft Graph stand-in for specs: the reports API's CSVs (with the UTF-8 BOM Graph writes)
 * and /users pages with signInActivity, in the documented shapes. The city's tenant is outside the
 * city's walls, so this is the one faked component.
 */
export class FakeGraphReports {
  constructor(
    private readonly users: readonly FakeTenantUser[],
    private readonly refreshDate: string,
  ) {}

  getOffice365ActiveUserDetail(): string {
    const rows = this.users.map((u) => {
      const has = (date?: string) => (date ? 'True' : 'False');
      return [
        this.refreshDate, u.userPrincipalName, u.displayName ?? u.userPrincipalName.split('@')[0], u.isDeleted ? 'True' : 'False', '',
        has(u.exchange), has(u.oneDrive), has(u.sharePoint), 'False', 'False', has(u.teams),
        u.exchange, u.oneDrive, u.sharePoint, '', '', u.teams,
        '2025-01-10', '2025-01-10', '2025-01-10', '', '', '2025-01-10',
        (u.assignedProducts ?? []).join('+'),
      ].map(cell).join(',');
    });
    return `\uFEFF${[ACTIVE_USER_DETAIL_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }

  getTeamsUserActivityUserDetail(): string {
    const rows = this.users.map((u) => [this.refreshDate, '00000000-0000-0000-0000-000000000000', u.userPrincipalName, u.teams, 'False', '', (u.assignedProducts ?? []).join('+'), '0', '0', '0', '0', 'No', '180'].map(cell).join(','));
    return `\uFEFF${[TEAMS_USER_ACTIVITY_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }

  getMicrosoft365CopilotUsageUserDetail(): string {
    const rows = this.users.filter((u) => u.assignedProducts?.some((p) => p.includes('COPILOT'))).map((u) => [this.refreshDate, u.userPrincipalName, u.displayName ?? '', u.copilot, u.copilot, '', '', '', '', '', '', '', '180'].map(cell).join(','));
    return `\uFEFF${[COPILOT_USAGE_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }

  /** GET /users?$select=userPrincipalName,signInActivity, `pageSize` users a page with @odata.nextLink between them. */
  listUsersWithSignInActivity(pageSize = 2): GraphUsersPage[] {
    const pages: GraphUsersPage[] = [];
    for (let i = 0; i < this.users.length; i += pageSize) {
      const value = this.users.slice(i, i + pageSize).map((u) => ({
        userPrincipalName: u.userPrincipalName,
        signInActivity: u.lastSignInDateTime === undefined && u.lastNonInteractiveSignInDateTime === undefined ? null : { lastSignInDateTime: u.lastSignInDateTime ?? null, lastNonInteractiveSignInDateTime: u.lastNonInteractiveSignInDateTime ?? null },
      }));
      const next = i + pageSize < this.users.length ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0/users?$select=userPrincipalName,signInActivity&$skiptoken=${i + pageSize}` } : {};
      pages.push({ value, ...next });
    }
    return pages;
  }
}
