import { Injectable, type NestMiddleware } from '@nestjs/common';
import { ServiceMetrics } from '@itops/shared/telemetry';
import type { Histogram } from 'prom-client';
import { routeOf } from '../service-exception.filter';

export const HTTP_DURATION_METRIC = 'http_server_request_duration_seconds';

interface TimedRequest {
  method?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

interface TimedResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Times every HTTP request, including those refused by the auth guard or matching no route.
 * The route label is the route template (`/accounts/:id`), never the raw path, so the number
 * of series stays bounded and no identifier becomes a label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(metrics: ServiceMetrics) {
    this.duration = metrics.histogram({
      name: HTTP_DURATION_METRIC,
      help: 'Duration of HTTP requests served, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
    });
  }

  use(request: TimedRequest, response: TimedResponse, next: () => void): void {
    const end = this.duration.startTimer();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      end({ method: request.method ?? 'UNKNOWN', route: routeOf(request), status_code: String(response.statusCode) });
    };
    // 'close' without 'finish' is a client that went away mid-answer; it still took time.
    response.once('finish', record);
    response.once('close', record);
    next();
  }
}
