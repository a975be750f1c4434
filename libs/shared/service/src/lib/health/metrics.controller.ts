import { Controller, Get, Header, Res } from '@nestjs/common';
import { Public } from '@itops/shared/auth';
import { ServiceMetrics } from '@itops/shared/telemetry';

interface TextResponse {
  setHeader(name: string, value: string): unknown;
}

/** Prometheus scrape endpoint: the service's registry in text exposition format. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) response: TextResponse): Promise<string> {
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
