import { lastValueFrom, throwError } from 'rxjs';
import type { ExecutionContext } from '@nestjs/common';
import { DomainCodes } from './domain-codes.interceptor';
import { mapError } from './service-exception.filter';

class PricingException extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

describe('DomainCodes', () => {
  const run = (error: unknown) =>
    lastValueFrom(new DomainCodes({ BROKEN_HEADER: 422, NOT_FOUND: 404 }).intercept({} as ExecutionContext, { handle: () => throwError(() => error) }));

  it.each([
    ['BROKEN_HEADER', 422],
    ['NOT_FOUND', 404],
  ])('answers %s with %d and keeps code and message', async (code, status) => {
    const error = await run(new PricingException(code, 'price list header lacks pris_sek')).catch((e: unknown) => e);
    expect(mapError(error).status).toBe(status);
    expect(mapError(error).body).toEqual({ code, message: 'price list header lacks pris_sek' });
  });

  it('leaves unknown codes to become a 500', async () => {
    const error = await run(new PricingException('SOMETHING_ELSE', 'x')).catch((e: unknown) => e);
    expect(mapError(error).status).toBe(500);
  });
});
