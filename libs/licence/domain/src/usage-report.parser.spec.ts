import { LicenceException, LicenceExceptionCode } from './licence.exception';
import { parseSignInActivity, parseUsageCsv } from './usage-report.parser';

/** The header of getOffice365ActiveUserDetail (v1.0) as the admin center exports it, with its BOM. */
const ACTIVE_USERS_HEADER =
  '\uFEFFReport Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Has Exchange License,Has OneDrive License,Has SharePoint License,Has Skype For Business License,Has Yammer License,Has Teams License,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date,Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date,Exchange License Assign Date,OneDrive License Assign Date,SharePoint License Assign Date,Skype For Business License Assign Date,Yammer License Assign Date,Teams License Assign Date,Assigned Products';

describe('usage exports by their real column names', () => {
  it('reads every service\'s last activity date and the assigned products of the active-users report', () => {
    const csv = [
      ACTIVE_USERS_HEADER,
      '2026-11-20,Anna.Svensson@itops.test,Anna Svensson,False,,True,True,True,False,False,True,2026-11-19,2026-10-01,,,,2026-11-18,2025-01-10,2025-01-10,2025-01-10,,,2025-01-10,MICROSOFT 365 E3+MICROSOFT 365 COPILOT',
      '2026-11-20,gone@itops.test,Gone,True,2026-10-01,False,False,False,False,False,False,2026-09-01,,,,,,,,,,,,',
    ].join('\r\n');
    const parsed = parseUsageCsv('active-users', csv);
    expect(parsed.refreshDate).toBe('2026-11-20');
    expect(parsed.activities).toEqual([
      { userPrincipalName: 'anna.svensson@itops.test', service: 'exchange', lastActivityDate: '2026-11-19' },
      { userPrincipalName: 'anna.svensson@itops.test', service: 'onedrive', lastActivityDate: '2026-10-01' },
      { userPrincipalName: 'anna.svensson@itops.test', service: 'teams', lastActivityDate: '2026-11-18' },
    ]);
    expect(parsed.assignedProducts).toEqual({ 'anna.svensson@itops.test': ['MICROSOFT 365 E3', 'MICROSOFT 365 COPILOT'] });
  });

  it('refuses an export whose columns were renamed, naming the missing ones', () => {
    const error = (() => {
      try {
        parseUsageCsv('teams-activity', 'Report Refresh Date,UPN,Last Activity Date\n2026-11-20,a@b.se,2026-11-01');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LicenceException);
    expect((error as Error).message).toContain('"User Principal Name"');
  });

  it('refuses concealed user names and bad dates with the line', () => {
    expect(() => parseUsageCsv('copilot-activity', 'Report Refresh Date,User Principal Name,Display Name,Last Activity Date\n2026-11-20,8A5F1C0E9D,x,2026-11-01')).toThrow(/line 2: User Principal Name/);
    expect(() => parseUsageCsv('copilot-activity', 'Report Refresh Date,User Principal Name,Display Name,Last Activity Date\n2026-11-20,a@b.se,x,20/11/2026')).toThrow(/line 2: Last Activity Date/);
  });

  it('takes the later of interactive and non-interactive Entra sign-ins', () => {
    const parsed = parseSignInActivity([
      { value: [{ userPrincipalName: 'A@itops.test', signInActivity: { lastSignInDateTime: '2026-08-01T07:10:00Z', lastNonInteractiveSignInDateTime: '2026-11-02T03:00:00Z' } }, { userPrincipalName: 'b@itops.test', signInActivity: null }] },
    ]);
    expect(parsed.activities).toEqual([{ userPrincipalName: 'a@itops.test', service: 'entra', lastActivityDate: '2026-11-02' }]);
    expect(parsed.users).toBe(2);
  });
});

describe('LicenceException on Kafka', () => {
  it.each([
    [LicenceExceptionCode.UNKNOWN_PRODUCT, true],
    [LicenceExceptionCode.INVALID_USAGE_REPORT, true],
    [LicenceExceptionCode.ACCOUNT_NOT_IN_DIRECTORY, false],
  ])('%s is permanent: %s', (code, permanent) => {
    expect(new LicenceException(code, 'x').permanent).toBe(permanent);
  });
});
