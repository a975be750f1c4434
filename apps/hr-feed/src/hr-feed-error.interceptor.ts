import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { HrFeedException, HrFeedExceptionCode } from '@itops/hr-feed/domain';

/**
 * The HTTP answer to a refused snapshot or request: a file that cannot be read as a whole (header,
 * encoding, CSV structure) is 422 with nothing written, and so is a pushed employment or booking
 * that breaks a rule; a bad argument or a body of the wrong shape is 400. The body carries the
 * exception's code and its message, which names the field, the problem and what is allowed, and
 * for a refused body `details`: one `{field, message}` per problem.
 */
export function httpExceptionFor(error: HrFeedException): HttpException {
  const body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  switch (error.code) {
    case HrFeedExceptionCode.BROKEN_HEADER:
    case HrFeedExceptionCode.BAD_ENCODING:
    case HrFeedExceptionCode.MALFORMED_CSV:
    case HrFeedExceptionCode.INVALID_EMPLOYMENT:
    case HrFeedExceptionCode.INVALID_BOOKING:
      return new UnprocessableEntityException(body);
    case HrFeedExceptionCode.INVALID_INPUT:
      return new BadRequestException(body);
  }
}

/** Maps the domain's HrFeedException to its HTTP answer; everything else passes on to the shared filter. */
@Injectable()
export class HrFeedErrorInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => (error instanceof HrFeedException ? httpExceptionFor(error) : error))));
  }
}
