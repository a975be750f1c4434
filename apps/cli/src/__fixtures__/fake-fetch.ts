import type { FetchLike } from '../http.client';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export type Answer = Response | Error;

/** A fetch that records each request and answers from `answer`; an Error answer is thrown, as fetch does when nothing listens. */
export function fakeFetch(answer: (request: RecordedRequest) => Answer): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value]));
    const raw = init.body;
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      body: raw === undefined || raw === null ? undefined : typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw as Uint8Array),
    };
    requests.push(request);
    const result = answer(request);
    if (result instanceof Error) throw result;
    return result;
  };
  return { fetch, requests };
}

export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** What Node's fetch throws when the port is closed. */
export const connectionRefused = (): Error =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3105'), { code: 'ECONNREFUSED' }) });
