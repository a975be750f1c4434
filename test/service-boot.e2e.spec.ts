import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './cli';

/** A service with a bad setting refuses to start and says which variable is wrong. */
describe('service configuration at boot', () => {
  const services = ['hr-feed', 'identity', 'licence', 'device', 'metering', 'billing'];

  it.each(services)('%s names a bad variable and exits with 78', (service) => {
    const run = spawnSync(process.execPath, [join(root, `dist/apps/${service}/src/main.js`)], {
      encoding: 'utf8',
      env: { ...process.env, ITOPS_PG_PORT: 'not-a-port', ITOPS_KAFKA_BROKERS: 'no port here', OTEL_SDK_DISABLED: 'true' },
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/ITOPS_PG_PORT: .*got "not-a-port"/);
    expect(run.stderr).toMatch(/ITOPS_KAFKA_BROKERS: must be host:port/);
  });

  it('never prints a secret it refuses', () => {
    const run = spawnSync(process.execPath, [join(root, 'dist/apps/metering/src/main.js')], {
      encoding: 'utf8',
      env: { ...process.env, ITOPS_PG_PASSWORD: '' },
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/ITOPS_PG_PASSWORD: .*value hidden/);
  });
});
