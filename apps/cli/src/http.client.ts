import { CliException, CliExceptionCode, type ServiceError } from './cli.exception';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** Name used in messages: "metering", "dev issuer". */
  service: string;
  baseUrl: string;
  fetch: FetchLike;
  /** The bearer token; called per request, so a missing login fails only commands that call a service. */
  token?: () => string;
  /** What to do when nothing answers at baseUrl, e.g. 'start the services with "itops stack up"'. */
  unreachableHint: string;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is with `contentType`. */
  body?: Uint8Array;
  contentType?: string;
}

/** Most error bodies are short; an HTML error page from a proxy is cut, not dumped. */
const MAX_ERROR_TEXT = 500;

/**
 * A thin client of one service's HTTP API: adds the bearer token, and turns everything that
 * is not a 2xx JSON answer into a CliException that keeps the service's {code, message}.
 */
export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, options);
  }

  put<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { service, baseUrl } = this.options;
    const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token()}`;
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    }

    let response: Response;
    try {
      response = await this.options.fetch(url, { method, headers, body });
    } catch (error) {
      throw new CliException(
        CliExceptionCode.SERVICE_UNREACHABLE,
        `${service} is not reachable at ${url.origin} (${networkReason(error)}); ${this.options.unreachableHint}`,
        undefined,
        { cause: error },
      );
    }
    const raw = await response.text();
    if (!response.ok) throw requestFailed(service, method, url.pathname, response.status, raw);
    if (raw.trim() === '') return undefined as T;
    try {
      return JSON.parse(raw) as T;
    } catch (error) {
      throw new CliException(
        CliExceptionCode.INVALID_RESPONSE,
        `${service} answered ${method} ${url.pathname} with HTTP ${response.status} but not with JSON: ${raw.slice(0, MAX_ERROR_TEXT)}`,
        undefined,
        { cause: error },
      );
    }
  }
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in the cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Maps an error answer: the services' {code, message, details?, errorId?}, the issuer's {error, message}, or text. */
export function requestFailed(service: string, method: string, path: string, status: number, raw: string): CliException {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // not JSON: the text itself is the message
  }
  const code = typeof parsed['code'] === 'string' ? parsed['code'] : typeof parsed['error'] === 'string' ? parsed['error'] : `HTTP_${status}`;
  const message =
    typeof parsed['message'] === 'string' ? parsed['message'] : raw.trim() === '' ? 'no message' : raw.trim().slice(0, MAX_ERROR_TEXT);
  const serviceError: ServiceError = {
    service,
    status,
    code,
    message,
    ...(parsed['details'] === undefined ? {} : { details: parsed['details'] }),
    ...(typeof parsed['errorId'] === 'string' ? { errorId: parsed['errorId'] } : {}),
  };
  return new CliException(
    CliExceptionCode.REQUEST_FAILED,
    `${service} refused ${method} ${path} with HTTP ${status} ${code}: ${message}${hintFor(status)}`,
    serviceError,
  );
}

function hintFor(status: number): string {
  if (status === 401) return ' (log in again with "itops login --role <role>", or check ITOPS_TOKEN)';
  if (status === 403) return ' (your role may not do this; log in with a role that may)';
  return '';
}
