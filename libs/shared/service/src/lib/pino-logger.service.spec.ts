import { Logger as NestLogger } from '@nestjs/common';
import { createLogger } from '@itops/shared/telemetry';
import { PinoLoggerService } from './pino-logger.service';

function capture(level: 'info' | 'trace' = 'trace'): { service: PinoLoggerService; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: 'device', level, destination: { write: (chunk: string) => lines.push(JSON.parse(chunk)) } });
  return { service: new PinoLoggerService(logger), lines };
}

describe('PinoLoggerService', () => {
  it.each([
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['debug', 'debug'],
    ['verbose', 'trace'],
    ['fatal', 'fatal'],
  ] as const)('writes Nest %s as pino %s with the context', (method, level) => {
    const { service, lines } = capture();
    service[method]('Mapped {/devices, GET} route', 'RouterExplorer');
    expect(lines).toEqual([expect.objectContaining({ level, msg: 'Mapped {/devices, GET} route', context: 'RouterExplorer', service: 'device' })]);
  });

  it('keeps the stack Nest passes with an error message', () => {
    const { service, lines } = capture();
    const stack = 'Error: lease not found\n    at DeviceService.return (device.service.ts:10:5)';
    service.error('lease not found', stack, 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'lease not found', context: 'ExceptionsHandler', err: { message: 'lease not found', stack } });
  });

  it('takes a stack without a context as a stack', () => {
    const { service, lines } = capture();
    service.error('boom', 'Error: boom\n    at x (y.ts:1:1)');
    expect(lines[0]).not.toHaveProperty('context');
    expect(lines[0]?.['err']).toMatchObject({ stack: 'Error: boom\n    at x (y.ts:1:1)' });
  });

  it('logs an Error as err and an object as fields', () => {
    const { service, lines } = capture();
    service.error(new Error('disk full'), 'Outbox');
    service.log({ msg: 'relay drained', published: 12 }, 'Outbox');
    expect(lines[0]).toMatchObject({ msg: 'disk full', context: 'Outbox', err: { type: 'Error', message: 'disk full' } });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'relay drained', published: 12, context: 'Outbox' });
  });

  it('masks personal data in what Nest logs', () => {
    const { service, lines } = capture();
    service.warn('no employment for 19800101-1234', 'Consumer');
    expect(JSON.stringify(lines)).not.toContain('19800101');
  });

  it('drops lines below the level and follows setLogLevels', () => {
    const { service, lines } = capture('info');
    service.debug('hidden');
    service.setLogLevels(['error', 'warn']);
    service.log('hidden too');
    service.warn('shown');
    expect(lines.map((line) => line['msg'])).toEqual(['shown']);
  });

  it('receives the lines of a Nest Logger with a context', () => {
    const { service, lines } = capture();
    NestLogger.overrideLogger(service);
    try {
      new NestLogger('Reconciliation').log('run started');
      new NestLogger('Reconciliation').error('run failed', 'Error: x\n    at y (z.ts:1:1)');
    } finally {
      NestLogger.overrideLogger(false);
    }
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'run started', context: 'Reconciliation' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'run failed', context: 'Reconciliation', err: { stack: 'Error: x\n    at y (z.ts:1:1)' } });
  });
});
