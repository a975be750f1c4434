import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';

/**
 * Maps a domain exception's code to an HTTP status at the transport edge, so domain code
 * never knows about HTTP: `@UseInterceptors(new DomainCodes({ BROKEN_HEADER: 422, ... }))`.
 * The error keeps its code and message; ServiceExceptionFilter renders `{ code, message }`.
 */
@Injectable()
export class DomainCodes implements NestInterceptor {
  constructor(private readonly statusByCode: Readonly<Record<string, number>>) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && code in this.statusByCode && error instanceof Error) {
          Object.assign(error, { httpStatus: this.statusByCode[code] });
        }
        return throwError(() => error);
      }),
    );
  }
}
