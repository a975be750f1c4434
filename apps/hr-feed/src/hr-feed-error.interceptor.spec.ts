import { HrFeedException, HrFeedExceptionCode } from '@itops/hr-feed/domain';
import { mapError } from '@itops/shared/service';
import { lastValueFrom, throwError } from 'rxjs';
import { HrFeedErrorInterceptor, httpExceptionFor } from './hr-feed-error.interceptor';

describe('HrFeedException over HTTP', () => {
  it.each([
    [HrFeedExceptionCode.BROKEN_HEADER, 422],
    [HrFeedExceptionCode.BAD_ENCODING, 422],
    [HrFeedExceptionCode.MALFORMED_CSV, 422],
    [HrFeedExceptionCode.INVALID_INPUT, 400],
    [HrFeedExceptionCode.INVALID_EMPLOYMENT, 422],
    [HrFeedExceptionCode.INVALID_BOOKING, 422],
  ])('%s answers %i with the code and the message', (code, status) => {
    const mapped = mapError(httpExceptionFor(new HrFeedException(code, 'header (line 1) lacks the column personnr')));
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual({ code, message: 'header (line 1) lacks the column personnr' });
  });

  it('adds the problems of a refused body as details', () => {
    const details = [{ field: 'customerCode', message: "customerCode 'K999' is not a known customer" }];
    const mapped = mapError(httpExceptionFor(new HrFeedException(HrFeedExceptionCode.INVALID_BOOKING, 'the booking is refused', { details })));
    expect(mapped).toMatchObject({ status: 422, body: { code: 'INVALID_BOOKING', message: 'the booking is refused', details } });
  });

  it('passes other errors through unchanged', async () => {
    const other = new Error('database down');
    const interceptor = new HrFeedErrorInterceptor();
    const result = interceptor.intercept({} as never, { handle: () => throwError(() => other) });
    await expect(lastValueFrom(result)).rejects.toBe(other);
  });
});
