import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createLogger, type Logger } from './logger';
import { startTelemetry, type Telemetry } from './tracing';

const PNR = '19800101-1234';
const PNR_DIGITS = /19800101-?1234|800101-?1234/;

function capture(level: 'info' | 'debug' = 'info'): { logger: Logger; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const logger = createLogger({ service: 'hr-feed', level, destination: { write: (chunk: string) => chunks.push(chunk) } });
  return {
    logger,
    raw: () => chunks.join(''),
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON with the level label, ISO time and the service', () => {
    const { logger, lines } = capture();
    logger.info({ customer: 'N138' }, 'snapshot imported');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', service: 'hr-feed', customer: 'N138', msg: 'snapshot imported' });
    expect(line?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it.each([
    ['personnummer', { personnummer: PNR }, (l: Record<string, unknown>) => l['personnummer']],
    ['personnr', { personnr: '198001011234' }, (l: Record<string, unknown>) => l['personnr']],
    ['person.personnr', { person: { personnr: PNR } }, (l: Record<string, unknown>) => (l['person'] as Record<string, unknown>)['personnr']],
    ['password', { password: 'Sommar2024!' }, (l: Record<string, unknown>) => l['password']],
    ['unicodePwd', { change: { unicodePwd: 'Sommar2024!' } }, (l: Record<string, unknown>) => (l['change'] as Record<string, unknown>)['unicodePwd']],
    ['authorization', { authorization: 'Bearer eyJ' }, (l: Record<string, unknown>) => l['authorization']],
    [
      'req.headers.authorization',
      { req: { headers: { authorization: 'Bearer eyJ', accept: 'json' } } },
      (l: Record<string, unknown>) => ((l['req'] as Record<string, unknown>)['headers'] as Record<string, unknown>)['authorization'],
    ],
  ])('redacts the field %s', (_path, fields, pick) => {
    const { logger, lines, raw } = capture();
    logger.info(fields, 'event');
    expect(pick(lines()[0] ?? {})).toBe('[redacted]');
    expect(raw()).not.toMatch(PNR_DIGITS);
    expect(raw()).not.toContain('Sommar2024!');
    expect(raw()).not.toContain('eyJ');
  });

  it.each([
    ['in the message', (logger: Logger) => logger.info(`account prepared for ${PNR}`)],
    ['in the message, 12 digits', (logger: Logger) => logger.info('account prepared for 198001011234')],
    ['in the message, 10 digits', (logger: Logger) => logger.warn('row rejected: 800101-1234 unknown')],
    ['as an interpolation value', (logger: Logger) => logger.info('row for %s rejected', PNR)],
    ['in a field of another name', (logger: Logger) => logger.info({ row: { note: `see ${PNR}` } }, 'row rejected')],
    ['in an error message and stack', (logger: Logger) => logger.error(new Error(`invalid personnummer ${PNR}`))],
    ['in an error under err', (logger: Logger) => logger.error({ err: new Error(`duplicate ${PNR}`) }, 'import failed')],
    ['in child bindings', (logger: Logger) => logger.child({ subject: PNR }).info('child line')],
  ])('never writes a personnummer %s', (_case, log) => {
    const { logger, raw } = capture();
    log(logger);
    expect(raw()).not.toBe('');
    expect(raw()).not.toMatch(PNR_DIGITS);
    expect(raw()).toContain('[redacted]');
  });

  it('keeps the masking and redaction in grandchildren', () => {
    const { logger, raw } = capture();
    logger.child({ context: 'Import' }).child({ row: 7 }).info({ personnr: PNR }, `for ${PNR}`);
    expect(raw()).not.toMatch(PNR_DIGITS);
    expect(JSON.parse(raw())).toMatchObject({ context: 'Import', row: 7, personnr: '[redacted]', msg: 'for [redacted]' });
  });

  it('keeps the error class and stack in the err field', () => {
    const { logger, lines } = capture();
    class ImportError extends Error {}
    logger.error({ err: new ImportError('broken file') }, 'import failed');
    const err = lines()[0]?.['err'] as Record<string, unknown>;
    expect(err['type']).toBe('ImportError');
    expect(err['message']).toBe('broken file');
    expect(String(err['stack'])).toContain('logger.spec');
  });

  describe('inside a span', () => {
    let telemetry: Telemetry;
    beforeAll(() => {
      telemetry = startTelemetry({ serviceName: 'hr-feed', instrumentations: false, env: {}, spanExporters: [new InMemorySpanExporter()] });
    });
    afterAll(() => telemetry.shutdown());

    it('adds trace_id and span_id of the active span', () => {
      const { logger, lines } = capture();
      trace.getTracer('spec').startActiveSpan('work', (span) => {
        logger.info('inside');
        span.end();
        const { traceId, spanId } = span.spanContext();
        expect(lines()[0]).toMatchObject({ trace_id: traceId, span_id: spanId });
      });
      logger.info('outside');
      expect(lines()[1]).not.toHaveProperty('trace_id');
    });
  });

  it('respects the level', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    logger.info('shown');
    expect(lines().map((line) => line['msg'])).toEqual(['shown']);
  });
});
