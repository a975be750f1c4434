import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@itops/shared/auth';
import { ReadinessService } from './readiness.service';

interface StatusResponse {
  status(code: number): unknown;
}

/**
 * Kubernetes probes. Liveness says only that the process answers (a failing dependency must
 * not get the pod restarted); readiness runs the service's checks and answers 503 naming the
 * failing ones, so traffic goes elsewhere until they pass.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: StatusResponse): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check(this.readiness.indicatorFunctions());
      this.readiness.record(true, {});
      return result;
    } catch (error) {
      // Terminus throws its 503 with the full result; answer it as it is, whatever the
      // application's exception filter does with other errors.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      this.readiness.record(false, result.error ?? {});
      response.status(503);
      return result;
    }
  }
}
