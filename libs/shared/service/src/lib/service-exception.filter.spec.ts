import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  HttpStatus,
  NotFoundException,
  Post,
  ServiceUnavailableException,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createLogger } from '@itops/shared/telemetry';
import request from 'supertest';
import { isDomainError, mapError, ServiceExceptionFilter } from './service-exception.filter';

enum LicenceExceptionCode {
  POOL_EXHAUSTED = 'POOL_EXHAUSTED',
  LEDGER_UNAVAILABLE = 'LEDGER_UNAVAILABLE',
}

// The shape every domain's exception class has: a code from its enum and the status it maps to.
class LicenceException extends Error {
  constructor(
    readonly code: LicenceExceptionCode,
    readonly httpStatus: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const errorId = () => 'error-id-1';

describe('mapError', () => {
  it.each([
    [
      'a domain error',
      new LicenceException(LicenceExceptionCode.POOL_EXHAUSTED, 409, 'pool vikariepaket-N138 has no free E3 licence'),
      409,
      { code: 'POOL_EXHAUSTED', message: 'pool vikariepaket-N138 has no free E3 licence' },
    ],
    [
      'a domain error with details',
      new LicenceException(LicenceExceptionCode.POOL_EXHAUSTED, 422, 'bad pool', { field: 'size', allowed: '1..500' }),
      422,
      { code: 'POOL_EXHAUSTED', message: 'bad pool', details: { field: 'size', allowed: '1..500' } },
    ],
    [
      'a plain object with httpStatus and code',
      { httpStatus: 404, code: 'CUSTOMER_NOT_FOUND', message: 'customer N999 not found' },
      404,
      { code: 'CUSTOMER_NOT_FOUND', message: 'customer N999 not found' },
    ],
    [
      'a domain error with a 5xx status',
      new LicenceException(LicenceExceptionCode.LEDGER_UNAVAILABLE, 503, 'the ledger is not reachable'),
      503,
      { code: 'LEDGER_UNAVAILABLE', message: 'the ledger is not reachable', errorId: 'error-id-1' },
    ],
    ['Nest NotFoundException', new NotFoundException('account 7 not found'), 404, { code: 'NOT_FOUND', message: 'account 7 not found' }],
    [
      'an HttpException carrying a code (the auth guard)',
      new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'ROLE_REQUIRED', message: 'requires the role auditor' }),
      403,
      { code: 'ROLE_REQUIRED', message: 'requires the role auditor' },
    ],
    [
      'a validation failure with one message per field',
      new BadRequestException(['name must be a string', 'start must be a date']),
      400,
      { code: 'BAD_REQUEST', message: 'the request is not valid: see details', details: ['name must be a string', 'start must be a date'] },
    ],
    [
      'a 503 HttpException',
      new ServiceUnavailableException('key set unavailable'),
      503,
      { code: 'SERVICE_UNAVAILABLE', message: 'key set unavailable' },
    ],
    [
      'a body-parser client error',
      Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { status: 400, expose: true }),
      400,
      { code: 'BAD_REQUEST', message: 'Unexpected token } in JSON at position 9' },
    ],
    ['an unknown error', new TypeError("Cannot read properties of undefined (reading 'id')"), 500, { code: 'INTERNAL', message: 'internal error', errorId: 'error-id-1' }],
    ['something thrown that is not an error', 'boom', 500, { code: 'INTERNAL', message: 'internal error', errorId: 'error-id-1' }],
    [
      'an object with a code but no status (a pg error)',
      Object.assign(new Error('duplicate key value violates unique constraint "person_pnr"'), { code: '23505' }),
      500,
      { code: 'INTERNAL', message: 'internal error', errorId: 'error-id-1' },
    ],
    [
      'an error with an out-of-range httpStatus',
      { httpStatus: 200, code: 'OK', message: 'not an error' },
      500,
      { code: 'INTERNAL', message: 'internal error', errorId: 'error-id-1' },
    ],
  ])('maps %s', (_case, error, status, body) => {
    const mapped = mapError(error, errorId);
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual(body);
    expect(mapped.logAsFailure).toBe(status >= 500 && !(error instanceof ServiceUnavailableException));
  });

  it('recognises domain errors by shape', () => {
    expect(isDomainError(new LicenceException(LicenceExceptionCode.POOL_EXHAUSTED, 409, 'x'))).toBe(true);
    expect(isDomainError({ httpStatus: '409', code: 'X' })).toBe(false);
    expect(isDomainError(null)).toBe(false);
  });
});

@Controller('licences')
class LicencesController {
  @Get('exhausted')
  exhausted(): never {
    throw new LicenceException(LicenceExceptionCode.POOL_EXHAUSTED, HttpStatus.CONFLICT, 'pool N138-E3 has no free licence');
  }

  @Get('broken')
  broken(): never {
    throw new Error('assignment for 19800101-1234 has no pool');
  }

  @Post()
  create(): string {
    return 'created';
  }
}

describe('ServiceExceptionFilter', () => {
  let app: INestApplication;
  let lines: Record<string, unknown>[];

  beforeEach(async () => {
    lines = [];
    const logger = createLogger({ service: 'licence', destination: { write: (chunk: string) => lines.push(JSON.parse(chunk)) } });
    const moduleRef = await Test.createTestingModule({ controllers: [LicencesController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ServiceExceptionFilter(logger));
    await app.init();
  });
  afterEach(() => app.close());

  it('answers a domain error with its status and code, and logs nothing', async () => {
    const response = await request(app.getHttpServer()).get('/licences/exhausted').expect(409);
    expect(response.body).toEqual({ code: 'POOL_EXHAUSTED', message: 'pool N138-E3 has no free licence' });
    expect(lines).toEqual([]);
  });

  it('answers an unknown error with 500 and an error id, and logs that id with the stack but no personal data', async () => {
    const response = await request(app.getHttpServer()).get('/licences/broken').expect(500);
    expect(response.body).toEqual({ code: 'INTERNAL', message: 'internal error', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(response.body)).not.toContain('pool');

    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', errorId: response.body.errorId, method: 'GET', route: '/licences/broken', status: 500 });
    const err = line?.['err'] as Record<string, string>;
    expect(err['message']).toBe('assignment for [redacted] has no pool');
    expect(err['stack']).toContain('service-exception.filter.spec');
    expect(JSON.stringify(line)).not.toContain('19800101');
  });

  it('gives Nest 404s and malformed JSON the same body shape', async () => {
    const notFound = await request(app.getHttpServer()).get('/nothing').expect(404);
    expect(notFound.body).toEqual({ code: 'NOT_FOUND', message: 'Cannot GET /nothing' });

    const malformed = await request(app.getHttpServer())
      .post('/licences')
      .set('Content-Type', 'application/json')
      .send('{"product": }')
      .expect(400);
    expect(malformed.body.code).toBe('BAD_REQUEST');
    expect(typeof malformed.body.message).toBe('string');
    expect(lines).toEqual([]);
  });
});
