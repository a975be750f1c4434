import { parse } from 'csv-parse/sync';
import { isCalendarDate } from '@itops/shared/calendar';
import { FieldProblem, LicenceException, LicenceExceptionCode } from './licence.exception';

/**
 * The Microsoft 365 usage exports licence managers download from the admin center (Reports →
 * Usage), which are the Microsoft Graph reports API's CSVs with the same column names:
 * - active-users: getOffice365ActiveUserDetail ("Active users" → "User details"),
 * - teams-activity: getTeamsUserActivityUserDetail,
 * - copilot-activity: getMicrosoft365CopilotUsageUserDetail,
 * and Entra sign-in activity: the `signInActivity` of Graph's /users.
 */
export const USAGE_REPORTS = ['active-users', 'teams-activity', 'copilot-activity', 'entra-sign-ins'] as const;
export type UsageReport = (typeof USAGE_REPORTS)[number];

/** One account's last activity in one service ("exchange", "teams", "copilot", "entra", ...). */
export interface ServiceActivity {
  userPrincipalName: string;
  service: string;
  /** YYYY-MM-DD; the report's dates are UTC days, close enough to Stockholm days for 90-day windows. */
  lastActivityDate: string;
}

export interface ParsedUsageReport {
  report: UsageReport;
  /** "Report Refresh Date": the last day the report covers; empty for sign-in activity. */
  refreshDate: string;
  users: number;
  activities: ServiceActivity[];
  /** "Assigned Products" per UPN, as Microsoft names them ("MICROSOFT 365 E3"), active-users only. */
  assignedProducts: Record<string, string[]>;
}

const UPN = 'User Principal Name';
const REFRESH = 'Report Refresh Date';
/** The active-users report's per-service columns: "<Service> Last Activity Date". */
const ACTIVE_USER_SERVICES: Record<string, string> = {
  'Exchange Last Activity Date': 'exchange',
  'OneDrive Last Activity Date': 'onedrive',
  'SharePoint Last Activity Date': 'sharepoint',
  'Skype For Business Last Activity Date': 'skype',
  'Yammer Last Activity Date': 'yammer',
  'Teams Last Activity Date': 'teams',
};
const REQUIRED: Record<Exclude<UsageReport, 'entra-sign-ins'>, string[]> = {
  'active-users': [REFRESH, UPN, 'Is Deleted', ...Object.keys(ACTIVE_USER_SERVICES), 'Assigned Products'],
  'teams-activity': [REFRESH, UPN, 'Last Activity Date'],
  'copilot-activity': [REFRESH, UPN, 'Last Activity Date'],
};

export function checkUsageReport(value: string | undefined): UsageReport {
  if (!value || !(USAGE_REPORTS as readonly string[]).includes(value)) {
    throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, `report "${value ?? ''}" is not a usage report; expected one of ${USAGE_REPORTS.join(', ')}`);
  }
  return value as UsageReport;
}

function day(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (v === '') return null;
  // Graph writes dates as YYYY-MM-DD; sign-in activity has full ISO instants.
  const date = v.slice(0, 10);
  return isCalendarDate(date) ? date : `invalid:${v}`;
}

/** Parses a usage CSV by its real column names; refuses it naming the missing columns or the bad cells. */
export function parseUsageCsv(report: Exclude<UsageReport, 'entra-sign-ins'>, csv: string): ParsedUsageReport {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, `the ${report} export is not CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const missing = REQUIRED[report].filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, `the ${report} export lacks the column(s) ${missing.map((c) => `"${c}"`).join(', ')}; expected the admin center's export with its column names unchanged`, {
      details: missing.map((c) => ({ field: c, message: 'missing column' })),
    });
  }
  const problems: FieldProblem[] = [];
  const activities: ServiceActivity[] = [];
  const assignedProducts: Record<string, string[]> = {};
  let refreshDate = '';
  const columns: Array<[string, string]> = report === 'active-users' ? Object.entries(ACTIVE_USER_SERVICES) : [['Last Activity Date', report === 'teams-activity' ? 'teams' : 'copilot']];
  rows.forEach((row, i) => {
    const line = i + 2;
    const upn = (row[UPN] ?? '').toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(upn)) {
      problems.push({ field: `line ${line}: ${UPN}`, message: `"${row[UPN] ?? ''}" is not a user principal name; expected name@domain (turn off "Display concealed user, group, and site names" in the admin center's Reports settings before exporting)` });
      return;
    }
    const refreshed = day(row[REFRESH]);
    if (refreshed && !refreshed.startsWith('invalid:') && refreshed > refreshDate) refreshDate = refreshed;
    if (report === 'active-users' && row['Is Deleted']?.toLowerCase() === 'true') return;
    for (const [column, service] of columns) {
      const date = day(row[column]);
      if (date === null) continue;
      if (date.startsWith('invalid:')) problems.push({ field: `line ${line}: ${column}`, message: `"${row[column]}" is not a date; expected YYYY-MM-DD or empty` });
      else activities.push({ userPrincipalName: upn, service, lastActivityDate: date });
    }
    if (report === 'active-users') assignedProducts[upn] = (row['Assigned Products'] ?? '').split('+').map((p) => p.trim()).filter(Boolean);
  });
  if (problems.length > 0) {
    throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, `the ${report} export has ${problems.length} problem(s): ${problems[0].field}: ${problems[0].message}`, { details: problems.slice(0, 100) });
  }
  return { report, refreshDate, users: rows.length, activities, assignedProducts };
}

/** A page of Graph's `GET /users?$select=userPrincipalName,signInActivity`. */
export interface GraphUsersPage {
  value: Array<{ userPrincipalName?: string; signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null; lastSuccessfulSignInDateTime?: string | null } | null }>;
  '@odata.nextLink'?: string;
}

/** Entra sign-in activity: the later of the interactive and non-interactive sign-in per user. */
export function parseSignInActivity(pages: readonly GraphUsersPage[]): ParsedUsageReport {
  const activities: ServiceActivity[] = [];
  let users = 0;
  for (const page of pages) {
    if (!page || !Array.isArray(page.value)) throw new LicenceException(LicenceExceptionCode.INVALID_USAGE_REPORT, 'sign-in activity: expected Graph /users pages of {"value": [{"userPrincipalName", "signInActivity"}]}');
    for (const user of page.value) {
      users++;
      const upn = (user.userPrincipalName ?? '').toLowerCase();
      const dates = [user.signInActivity?.lastSignInDateTime, user.signInActivity?.lastNonInteractiveSignInDateTime]
        .map((v) => (v ? v.slice(0, 10) : ''))
        .filter(isCalendarDate)
        .sort();
      const last = dates[dates.length - 1];
      if (upn && last) activities.push({ userPrincipalName: upn, service: 'entra', lastActivityDate: last });
    }
  }
  return { report: 'entra-sign-ins', refreshDate: '', users, activities, assignedProducts: {} };
}
