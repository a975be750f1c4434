import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';

/** The CLI against a fake metering, logged in as the service desk, with stdout and stderr captured. */
const harness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'service-desk', subject: 'dev-service-desk' }, answer);

const answer = {
  customer: 'N138',
  period: '2026-11',
  offerings: [
    {
      offering: 'ANSTALLDA',
      quantityAtMonthEnd: '2',
      quantityProrated: '2.8333',
      added: [{ subjectType: 'person', subjectId: 'p-bertil', quantity: '1' }],
      left: [
        { subjectType: 'person', subjectId: 'p-cecilia', quantity: '1' },
        { subjectType: 'person', subjectId: 'p-david', quantity: '1' },
      ],
    },
    { offering: 'KONTO', quantityAtMonthEnd: '120', quantityProrated: '119.5', added: [], left: [] },
  ],
};

describe('itops volumes', () => {
  it('GETs the volumes with the filters and prints the JSON as it came with --json', async () => {
    const cli = harness(() => json(200, answer));
    await expect(cli.run('volumes', '--customer', 'N138', '--period', '2026-11', '--offering', 'ANSTALLDA', '--items', '--json')).resolves.toBe(0);
    expect(cli.requests[0].method).toBe('GET');
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3105/v1/volumes?customer=N138&period=2026-11&offering=ANSTALLDA&items=true');
    expect(JSON.parse(cli.stdout())).toEqual(answer);
  });

  it('prints a line per offering with the quantities and counts, then who was added and who left', async () => {
    const cli = harness(() => json(200, answer));
    await expect(cli.run('volumes', '--customer', 'N138', '--period', '2026-11')).resolves.toBe(0);
    expect(cli.requests[0].url.search).toBe('?customer=N138&period=2026-11');
    expect(cli.stdout().split('\n')).toEqual([
      'N138 2026-11: 2 offerings',
      'offering   at month end  prorated  added  left',
      'ANSTALLDA             2    2.8333      1     2',
      'KONTO               120     119.5      0     0',
      '',
      'ANSTALLDA: 1 added, 2 left',
      '  change  subject           quantity',
      '  added   person p-bertil          1',
      '  left    person p-cecilia         1',
      '  left    person p-david           1',
    ]);
  });

  it('refuses a bad month with exit 2 before sending anything', async () => {
    const cli = harness();
    await expect(cli.run('volumes', '--customer', 'N138', '--period', '2026-13')).resolves.toBe(2);
    expect(cli.stderr()).toContain('"2026-13" is not a month');
    expect(cli.requests).toHaveLength(0);
  });

  it('says what metering refused, exit 1', async () => {
    const cli = harness(() => json(403, { code: 'FORBIDDEN', message: 'you may not see customer N138' }));
    await expect(cli.run('volumes', '--customer', 'N138', '--period', '2026-11')).resolves.toBe(1);
    expect(cli.stderr()).toContain('metering refused GET /v1/volumes with HTTP 403 FORBIDDEN: you may not see customer N138');
  });
});
