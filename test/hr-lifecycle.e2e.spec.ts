import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, personnummerFor } from '@itops/shared/testing';
import { itops, itopsJson, root } from './cli';

/**
 * An employment's life on the running services, driven through the CLI as an operator would:
 * change files (good and bad rows, the same file twice, future starts, a mover, several
 * employments, a protected identity), a leaver ended between files, a substitute booked minutes
 * ahead, and a truncated full snapshot that the mass-leaver brake holds. Checked in Samba AD and
 * through identity's API. Every id, name and personnummer is new per run, and every file but the
 * truncated one is a change file, so the spec runs on a stack that already holds a city.
 */
describe('HR lifecycle: change files, movers, leavers and bookings to AD', () => {
  const stockholmDay = (instant: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(instant);
  const plusDays = (day: string, days: number): string => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  };
  const today = stockholmDay(new Date());
  const yesterday = plusDays(today, -1);

  // employeeID holds at most 16 characters: "HL" + 10 for the run + at most 3 for the employment.
  const run = `${Date.now().toString(36)}${randomInt(36 ** 2).toString(36).padStart(2, '0')}`.toUpperCase();
  const id = (suffix: string): string => `HL${run}${suffix}`;
  const tag = String(randomInt(100_000, 1_000_000));

  const usedPersonnummer = new Set<string>();
  /**
   * A valid personnummer (Luhn) of someone born 1930-1949: older than anyone the city generator
   * employs, so it never meets a person of a city loaded in the stack.
   */
  const personnummer = (): string => {
    for (;;) {
      const birth = `${1930 + randomInt(20)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
      const number = personnummerFor(birth, randomInt(1, 1000));
      const value = `${birth}-${number.slice(8)}`;
      if (!usedPersonnummer.has(value)) {
        usedPersonnummer.add(value);
        return value;
      }
    }
  };
  /** The same number with a wrong check digit. */
  const withBadCheckDigit = (value: string): string => `${value.slice(0, -1)}${(Number(value.slice(-1)) + 1) % 10}`;

  const COLUMNS = [
    'anstallningsnr', 'personnr', 'fornamn', 'efternamn', 'organisationskod', 'enhetskod', 'enhetsnamn', 'ansvar',
    'befattningskod', 'befattning', 'anstallningsform', 'sysselsattningsgrad', 'startdatum', 'slutdatum', 'chef_anstallningsnr', 'skyddad_identitet',
  ] as const;
  type Row = Record<(typeof COLUMNS)[number], string>;
  const row = (employmentId: string, pnr: string, values: Partial<Row>): Row => ({
    anstallningsnr: employmentId,
    personnr: pnr,
    fornamn: 'Ada',
    efternamn: `Alm${tag}`,
    organisationskod: 'N138',
    enhetskod: 'N138-HT2',
    enhetsnamn: 'Hemtjänst Väster',
    ansvar: '13800',
    befattningskod: 'VÅRD01',
    befattning: 'Undersköterska',
    anstallningsform: 'TV',
    sysselsattningsgrad: '100',
    startdatum: today,
    slutdatum: '',
    chef_anstallningsnr: '',
    skyddad_identitet: 'N',
    ...values,
  });
  const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-hr-'));
  const file = (name: string, rows: Row[], columns: readonly string[] = COLUMNS): string => {
    const path = join(dir, name);
    writeFileSync(path, [columns.join(';'), ...rows.map((r) => columns.map((c) => r[c as keyof Row]).join(';'))].join('\n') + '\n');
    return path;
  };

  interface ImportAnswer {
    snapshotId: string;
    scope: string;
    accepted: number;
    rejected: { line: number; field: string; message: string }[];
    changes: { joiners: number; movers: number; leavers: number; unchanged: number; updated: number };
    held: boolean;
    dryRun: boolean;
  }
  const importChanges = (path: string): ImportAnswer => itopsJson<ImportAnswer>('hr', 'import', path, '--changes-only');

  /** ldapsearch's LDIF with base64 values (`attr:: …`, used for å/ä/ö) decoded to `attr: value`. */
  const ldapsearch = (filter: string, ...attributes: string[]): string => {
    const search = spawnSync(
      'ldapsearch',
      ['-LLL', '-o', 'ldif-wrap=no', '-x', '-H', 'ldaps://127.0.0.1:636', '-D', 'CN=Administrator,CN=Users,DC=itops,DC=test', '-w', 'Itops-Admin-2026!', '-b', 'OU=itops,DC=itops,DC=test', filter, ...attributes],
      { encoding: 'utf8', env: { ...process.env, LDAPTLS_REQCERT: 'never' } },
    );
    if (search.status !== 0 && search.status !== 32) throw new Error(`ldapsearch failed: ${search.stderr}`);
    return search.stdout.replace(/^(\w+):: (\S+)$/gm, (_line, name: string, value: string) => `${name}: ${Buffer.from(value, 'base64').toString('utf8')}`);
  };
  const ATTRIBUTES = ['sAMAccountName', 'userAccountControl', 'cn', 'displayName', 'givenName', 'sn', 'department', 'title', 'employeeID', 'uSNChanged'];
  interface AdEntry {
    dn: string;
    sam: string;
    enabled: boolean;
    attributes: Record<string, string>;
    ldif: string;
  }
  /** The AD users whose attribute `name` is `value` (at most one is expected). */
  const adEntries = (name: string, value: string): AdEntry[] =>
    ldapsearch(`(&(objectClass=user)(${name}=${value}))`, ...ATTRIBUTES)
      .split(/\n\n+/)
      .filter((ldif) => ldif.startsWith('dn: '))
      .map((ldif) => {
        const attributes = Object.fromEntries(ldif.split('\n').flatMap((line) => {
          const match = /^(\w+): (.*)$/.exec(line);
          return match ? [[match[1], match[2]]] : [];
        }));
        return { dn: attributes.dn, sam: attributes.sAMAccountName, enabled: (Number(attributes.userAccountControl) & 2) === 0, attributes, ldif };
      });
  const adEntry = (employmentId: string): AdEntry | undefined => {
    const entries = adEntries('employeeID', employmentId);
    if (entries.length > 1) throw new Error(`${entries.length} AD users carry employeeID ${employmentId}`);
    return entries[0];
  };
  /** Waits until the account of `employmentId` is in AD and `ready` holds for it. */
  const accountOf = (employmentId: string, what: string, ready: (entry: AdEntry) => boolean, timeoutMs = 60_000): Promise<AdEntry> =>
    eventually(`the account of ${employmentId} ${what}`, async () => {
      const entry = adEntry(employmentId);
      return entry && ready(entry) ? entry : undefined;
    }, timeoutMs, 500);

  // identity's and hr-feed's HTTP APIs, where the CLI has no command, with the token `itops login` stored.
  const stateDir = process.env.ITOPS_STATE ?? join(root, '.itops');
  const bearer = (): string => (JSON.parse(readFileSync(join(stateDir, 'token.json'), 'utf8')) as { accessToken: string }).accessToken;
  const identityUrl = process.env.ITOPS_IDENTITY_URL ?? 'http://127.0.0.1:3102';
  const hrFeedUrl = process.env.ITOPS_HR_FEED_URL ?? 'http://127.0.0.1:3101';
  const http = async <T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${bearer()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  interface Account {
    accountId: string;
    personId: string;
    samAccountName: string;
    dn: string;
    ou: string;
    customerCode: string;
    enabled: boolean;
  }
  interface Timeline {
    personId: string;
    entries: { id: string; action: string; detail: Record<string, unknown> }[];
  }
  const timeline = (personId: string) => http<Timeline>('GET', `${identityUrl}/v1/persons/${encodeURIComponent(personId)}/timeline`);
  const accountsOfPerson = async (personId: string): Promise<Account[]> =>
    (await http<{ accounts: Account[] }>('GET', `${identityUrl}/v1/accounts?personId=${encodeURIComponent(personId)}`)).body.accounts;
  /**
   * The person id hr-feed gives an employment, asked without changing anything: the same employment
   * pushed again as stored is UNCHANGED, sends no event and answers with its person id.
   */
  const personIdOf = async (r: Row): Promise<string> => {
    const push = await http<{ change: string; personId: string }>('PUT', `${hrFeedUrl}/v1/employments/${r.anstallningsnr}`, {
      personnummer: r.personnr,
      givenName: r.fornamn,
      surname: r.efternamn,
      customerCode: r.organisationskod,
      unitCode: r.enhetskod,
      unitName: r.enhetsnamn,
      costCentre: r.ansvar,
      jobCode: r.befattningskod,
      jobTitle: r.befattning,
      form: r.anstallningsform,
      rate: Number(r.sysselsattningsgrad),
      startDate: r.startdatum,
      endDate: r.slutdatum || null,
      managerEmploymentId: r.chef_anstallningsnr || null,
      protectedIdentity: r.skyddad_identitet === 'J',
    });
    expect([push.status, push.body.change]).toEqual([200, 'UNCHANGED']);
    return push.body.personId;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // The persons of this run.
  const ada = row(id('A'), personnummer(), {});
  const adaMoved = { ...ada, organisationskod: 'B110', enhetskod: 'B110-S4', enhetsnamn: 'Skola Öster', ansvar: '11000', befattningskod: 'SKOL02', befattning: 'Elevassistent' };
  const badRow = row(id('BAD'), withBadCheckDigit(personnummer()), { fornamn: 'Bo', efternamn: `Fel${tag}` });
  const soon = row(id('F5'), personnummer(), { fornamn: 'Cia', efternamn: `Ceder${tag}`, startdatum: plusDays(today, 5) });
  const later = row(id('F30'), personnummer(), { fornamn: 'Dan', efternamn: `Dal${tag}`, startdatum: plusDays(today, 30) });
  const twoJobs = personnummer();
  const partTime = row(id('S1'), twoJobs, {
    fornamn: 'Eva', efternamn: `Ek${tag}`, organisationskod: 'K171', enhetskod: 'K171-ST1', enhetsnamn: 'Stadsledning Stab', ansvar: '17100',
    befattningskod: 'ADM03', befattning: 'Utredare', sysselsattningsgrad: '40', startdatum: '2025-01-01',
  });
  const mainJob = row(id('S2'), twoJobs, {
    fornamn: 'Eva', efternamn: `Ek${tag}`, organisationskod: 'B110', enhetskod: 'B110-S1', enhetsnamn: 'Skola Norr', ansvar: '11000',
    befattningskod: 'SKOL01', befattning: 'Lärare', sysselsattningsgrad: '60', startdatum: '2025-01-01',
  });
  const hidden = row(id('P'), personnummer(), { fornamn: 'Pia', efternamn: `Skydd${tag}`, skyddad_identitet: 'J' });
  const leaver = row(id('L'), personnummer(), { fornamn: 'Lars', efternamn: `Lov${tag}`, startdatum: '2025-01-01' });
  const bookingId = `HB${run}`;

  beforeAll(() => {
    for (const args of [
      ['login', '--role', 'admin'],
      ['customers', 'import', join(root, 'deploy/demo/customers.csv')],
    ]) {
      const result = itops(...args);
      if (result.status !== 0) throw new Error(`itops ${args.join(' ')}: ${result.stderr}`);
    }
  });

  it('takes the good row of a change file, rejects the bad one by line and field, and enables the good one\'s account', async () => {
    const answer = importChanges(file('first.csv', [ada, badRow]));
    expect(answer).toMatchObject({
      scope: 'changes',
      accepted: 1,
      rejected: [{ line: 3, field: 'personnr', message: expect.stringMatching(/personnr/) }],
      changes: { joiners: 1, movers: 0, leavers: 0, unchanged: 0, updated: 0 },
      held: false,
      dryRun: false,
    });
    expect(answer.rejected).toHaveLength(1);
    expect(JSON.stringify(answer)).not.toContain(badRow.personnr.slice(2, 8));

    const entry = await accountOf(ada.anstallningsnr, 'enabled', (e) => e.enabled);
    expect(entry.dn).toMatch(/,OU=N138,OU=itops,DC=itops,DC=test$/);
    expect(entry.attributes).toMatchObject({ givenName: 'Ada', sn: ada.efternamn, department: 'Hemtjänst Väster', title: 'Undersköterska' });
    const account = itopsJson<Account>('accounts', 'show', entry.sam);
    expect(account).toMatchObject({ samAccountName: entry.sam, enabled: true, customerCode: 'N138' });
    expect(adEntries('sn', badRow.efternamn)).toEqual([]);
  });

  it('changes nothing when the same change file comes again', async () => {
    const entry = adEntry(ada.anstallningsnr) as AdEntry;
    const { personId } = itopsJson<Account>('accounts', 'show', entry.sam);
    const before = await timeline(personId);
    expect(before.status).toBe(200);
    expect(before.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['account.created', 'account.enabled']));

    const again = importChanges(file('first.csv', [ada, badRow]));
    expect(again).toMatchObject({
      accepted: 1,
      rejected: [{ line: 3, field: 'personnr' }],
      changes: { joiners: 0, movers: 0, leavers: 0, unchanged: 1, updated: 0 },
      held: false,
    });
    // No event went out, so nothing may follow; give a stray one time to show.
    await pause(5_000);
    expect((await timeline(personId)).body.entries).toEqual(before.body.entries);
    expect(adEntry(ada.anstallningsnr)?.attributes.uSNChanged).toBe(entry.attributes.uSNChanged);
  });

  describe('a change file of future joiners, several employments, a protected identity and a leaver-to-be', () => {
    beforeAll(() => {
      const answer = importChanges(file('joiners.csv', [soon, later, partTime, mainJob, hidden, leaver]));
      expect(answer).toMatchObject({ scope: 'changes', accepted: 6, rejected: [], changes: { joiners: 6, movers: 0, leavers: 0, unchanged: 0, updated: 0 }, held: false });
    });

    it('prepares the account of a joiner starting in 5 days, disabled', async () => {
      const entry = await accountOf(soon.anstallningsnr, 'prepared', () => true);
      expect(entry.enabled).toBe(false);
      expect(entry.dn).toMatch(/,OU=N138,OU=itops,DC=itops,DC=test$/);
      expect(itopsJson<Account>('accounts', 'show', entry.sam).enabled).toBe(false);
    });

    it('makes no account yet for a joiner starting in 30 days', async () => {
      const personId = await personIdOf(later);
      // Once identity knows the person, it has decided: no account, nothing in its timeline.
      const known = await eventually('identity to know the joiner starting in 30 days', async () => {
        const answer = await timeline(personId);
        return answer.status === 200 ? answer.body : undefined;
      }, 60_000, 500);
      expect(known.entries).toEqual([]);
      expect(await accountsOfPerson(personId)).toEqual([]);
      expect(adEntry(later.anstallningsnr)).toBeUndefined();
      expect(adEntries('sn', later.efternamn)).toEqual([]);
    });

    it('gives a person with two employments one account, placed by the larger one (60 % at B110 over 40 % at K171)', async () => {
      const entry = await accountOf(mainJob.anstallningsnr, 'in OU=B110', (e) => e.enabled && /,OU=B110,OU=itops,DC=itops,DC=test$/.test(e.dn));
      expect(entry.attributes).toMatchObject({ department: 'Skola Norr', title: 'Lärare', givenName: 'Eva', sn: mainJob.efternamn });
      const personId = await personIdOf(mainJob);
      expect(await personIdOf(partTime)).toBe(personId);
      expect(await accountsOfPerson(personId)).toEqual([expect.objectContaining({ samAccountName: entry.sam, customerCode: 'B110', enabled: true })]);
      expect(adEntries('sn', mainJob.efternamn).map((e) => e.dn)).toEqual([entry.dn]);
      expect(adEntry(partTime.anstallningsnr)).toBeUndefined();
    });

    it('gives a protected identity an account without names, unit or title', async () => {
      const entry = await accountOf(hidden.anstallningsnr, 'enabled', (e) => e.enabled);
      expect(entry.dn).toMatch(/,OU=N138,OU=itops,DC=itops,DC=test$/);
      for (const attribute of ['givenName', 'sn', 'department', 'title']) expect(entry.attributes[attribute]).toBeUndefined();
      for (const name of [hidden.fornamn, hidden.efternamn]) {
        expect(entry.attributes.cn).not.toContain(name);
        expect(entry.ldif).not.toContain(name);
      }
      expect(entry.attributes.cn).toBe(entry.sam);
      expect(entry.sam).toMatch(/^u/);
    });

    it('disables the account of an employment ended yesterday with "itops hr end"', async () => {
      const enabled = await accountOf(leaver.anstallningsnr, 'enabled', (e) => e.enabled);
      const ended = itopsJson<{ employmentId: string; change: string }>('hr', 'end', leaver.anstallningsnr, '--last-day', yesterday);
      expect(ended).toMatchObject({ employmentId: leaver.anstallningsnr, change: 'LEAVER' });
      const disabled = await accountOf(leaver.anstallningsnr, 'disabled', (e) => !e.enabled);
      expect(disabled.dn).toBe(enabled.dn);
      expect(itopsJson<Account>('accounts', 'show', disabled.sam).enabled).toBe(false);
    });
  });

  it('moves an account to the new customer\'s OU, with its department and title, when a change file moves the employment', async () => {
    const before = adEntry(ada.anstallningsnr) as AdEntry;
    const answer = importChanges(file('mover.csv', [adaMoved]));
    expect(answer).toMatchObject({ accepted: 1, changes: { joiners: 0, movers: 1, leavers: 0, unchanged: 0, updated: 0 }, held: false });
    const moved = await accountOf(ada.anstallningsnr, 'moved to OU=B110', (e) => /,OU=B110,OU=itops,DC=itops,DC=test$/.test(e.dn));
    expect(moved.sam).toBe(before.sam);
    expect(moved.enabled).toBe(true);
    expect(moved.attributes).toMatchObject({ department: 'Skola Öster', title: 'Elevassistent' });
    expect(itopsJson<Account>('accounts', 'show', moved.sam)).toMatchObject({ customerCode: 'B110', enabled: true, ou: expect.stringMatching(/^OU=B110,OU=itops,/i) });
  });

  it('enables the account of a substitute booked 20 minutes ahead within seconds', async () => {
    const now = Date.now();
    const booked = itopsJson<{ bookingId: string; status: string }>(
      'hr', 'book', '--booking', bookingId, '--personnummer', personnummer(), '--given', 'Vera', '--surname', `Vik${tag}`,
      '--customer', 'B110', '--unit', 'B110-S1', '--unit-name', 'Skola Norr', '--job-title', 'Lärarvikarie',
      '--from', new Date(now + 20 * 60_000).toISOString(), '--to', new Date(now + 4 * 3_600_000).toISOString(),
    );
    expect(booked).toMatchObject({ bookingId, status: 'booked' });
    const entry = await accountOf(bookingId, 'enabled', (e) => e.enabled, 30_000);
    expect(entry.dn).toMatch(/,OU=B110,OU=itops,DC=itops,DC=test$/);
    expect(entry.attributes).toMatchObject({ givenName: 'Vera', department: 'Skola Norr', title: 'Lärarvikarie' });
  });

  it('holds a full snapshot of one row (a truncated export) and changes nothing', async () => {
    const ids = [ada, soon, mainJob, hidden, leaver].map((r) => r.anstallningsnr).concat(bookingId);
    const state = () => Object.fromEntries(ids.map((employmentId) => {
      const entry = adEntry(employmentId);
      return [employmentId, entry && { dn: entry.dn, enabled: entry.enabled, uSNChanged: entry.attributes.uSNChanged }];
    }));
    const before = state();
    expect(Object.values(before).every((entry) => entry !== undefined)).toBe(true);
    const path = file('truncated.csv', [adaMoved]);

    // Asked first as a dry run: applying this file would end every other employment of the stack.
    const trial = itopsJson<ImportAnswer>('hr', 'import', path, '--dry-run');
    expect(trial).toMatchObject({ scope: 'full', dryRun: true, held: true });

    const held = itopsJson<ImportAnswer>('hr', 'import', path);
    expect(held).toMatchObject({ scope: 'full', accepted: 1, rejected: [], held: true, dryRun: false, changes: { joiners: 0, movers: 0, unchanged: 1 } });
    expect(held.changes.leavers).toBeGreaterThanOrEqual(5);
    const record = await http<{ status: string; heldReason: string }>('GET', `${hrFeedUrl}/v1/snapshots/${held.snapshotId}`);
    expect(record.body).toMatchObject({ status: 'held', heldReason: expect.stringMatching(/leavers of \d+ active employments/) });

    await pause(5_000);
    expect(state()).toEqual(before);
  });

  it('refuses a file whose header lacks a column, naming it, with exit 1', () => {
    const broken = file('broken.csv', [row(id('X'), personnummer(), {})], COLUMNS.filter((c) => c !== 'organisationskod'));
    const result = itops('hr', 'import', broken, '--changes-only');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BROKEN_HEADER: header \(line 1\) lacks the column organisationskod/);
  });
});
