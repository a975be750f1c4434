import { connectionRefused, fakeFetch, json } from './__fixtures__/fake-fetch';
import { CliException, CliExceptionCode } from './cli.exception';
import { HttpClient } from './http.client';

describe('HttpClient', () => {
  const client = (answer: Parameters<typeof fakeFetch>[0], token?: () => string) => {
    const fake = fakeFetch(answer);
    return {
      ...fake,
      http: new HttpClient({ service: 'metering', baseUrl: 'http://127.0.0.1:3105', fetch: fake.fetch, token, unreachableHint: 'start it' }),
    };
  };

  async function failure(promise: Promise<unknown>): Promise<CliException> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof CliException) return error;
      throw error;
    }
    throw new Error('expected a CliException');
  }

  it('sends the bearer token and the query, leaving out absent parameters, and returns the JSON', async () => {
    const { http, requests } = client(() => json(200, { items: [] }), () => 'eyJ.token');
    await expect(http.get('/v1/ledger', { query: { customer: 'N138', period: '2026-11', offering: undefined } })).resolves.toEqual({ items: [] });
    expect(requests[0].url.toString()).toBe('http://127.0.0.1:3105/v1/ledger?customer=N138&period=2026-11');
    expect(requests[0].headers['authorization']).toBe('Bearer eyJ.token');
  });

  it('keeps a base URL path prefix', async () => {
    const fake = fakeFetch(() => json(200, {}));
    await new HttpClient({ service: 'billing', baseUrl: 'https://itops.example/billing', fetch: fake.fetch, unreachableHint: '' }).get('v1/runs');
    expect(fake.requests[0].url.toString()).toBe('https://itops.example/billing/v1/runs');
  });

  it('sends raw bytes with their content type, and JSON as application/json', async () => {
    const { http, requests } = client(() => json(201, {}));
    await http.post('/v1/snapshots', { body: Buffer.from('a;b\n'), contentType: 'text/csv' });
    await http.post('/v1/runs', { json: { period: '2026-11' } });
    expect(requests[0].headers['content-type']).toBe('text/csv');
    expect(requests[0].body?.toString()).toBe('a;b\n');
    expect(requests[1].headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[1].body?.toString() ?? '')).toEqual({ period: '2026-11' });
  });

  it('does not call the service when there is no token', async () => {
    const { http, requests } = client(
      () => json(200, {}),
      () => {
        throw new CliException(CliExceptionCode.NOT_LOGGED_IN, 'not logged in');
      },
    );
    await expect(http.get('/v1/ledger')).rejects.toThrow('not logged in');
    expect(requests).toHaveLength(0);
  });

  it('keeps the service error body {code, message, details, errorId}', async () => {
    const { http } = client(() => json(400, { code: 'BAD_REQUEST', message: 'period "x" is not a month', details: ['a'], errorId: 'e-1' }));
    const error = await failure(http.get('/v1/ledger'));
    expect(error.code).toBe(CliExceptionCode.REQUEST_FAILED);
    expect(error.message).toBe('metering refused GET /v1/ledger with HTTP 400 BAD_REQUEST: period "x" is not a month');
    expect(error.serviceError).toEqual({ service: 'metering', status: 400, code: 'BAD_REQUEST', message: 'period "x" is not a month', details: ['a'], errorId: 'e-1' });
  });

  it.each([
    [401, { code: 'TOKEN_EXPIRED', message: 'token expired' }, 'TOKEN_EXPIRED: token expired (log in again'],
    [403, { code: 'FORBIDDEN', message: 'you may not see customer N138' }, 'your role may not do this'],
    [400, { error: 'invalid_request', message: 'role "x" is not known' }, 'HTTP 400 invalid_request: role "x" is not known'],
    [502, '<html>Bad Gateway</html>', 'HTTP 502 HTTP_502: <html>Bad Gateway</html>'],
  ])('maps HTTP %i to a message naming code and message', async (status, body, says) => {
    const { http } = client(() => (typeof body === 'string' ? new Response(body, { status }) : json(status, body)));
    expect((await failure(http.get('/v1/x'))).message).toContain(says);
  });

  it('names the service, its address and the reason when nothing answers', async () => {
    const { http } = client(() => connectionRefused());
    const error = await failure(http.get('/v1/ledger'));
    expect(error.code).toBe(CliExceptionCode.SERVICE_UNREACHABLE);
    expect(error.message).toBe('metering is not reachable at http://127.0.0.1:3105 (ECONNREFUSED); start it');
  });

  it('refuses a 2xx answer that is not JSON, and takes an empty one', async () => {
    const { http } = client((request) => new Response(request.url.pathname === '/empty' ? null : 'OK', { status: request.url.pathname === '/empty' ? 204 : 200 }));
    expect((await failure(http.get('/text'))).code).toBe(CliExceptionCode.INVALID_RESPONSE);
    await expect(http.post('/empty')).resolves.toBeUndefined();
  });
});
