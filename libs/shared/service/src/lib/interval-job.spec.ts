import { Logger } from '@nestjs/common';
import { IntervalJob, IntervalJobSettings } from './interval-job';

/** A run the spec finishes (or fails) by hand. */
interface PendingRun {
  startedAt: number;
  finish(): void;
  fail(error: Error): void;
}

class TestJob extends IntervalJob {
  readonly runs: PendingRun[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(settings: Partial<IntervalJobSettings> = {}) {
    super({ job: 'test run', intervalSeconds: 60, envVar: 'ITOPS_TEST_INTERVAL_SECONDS', ...settings });
  }

  protected run(): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((resolve, reject) => {
      this.runs.push({
        startedAt: Date.now(),
        finish: () => {
          this.inFlight -= 1;
          resolve();
        },
        fail: (error) => {
          this.inFlight -= 1;
          reject(error);
        },
      });
    });
  }
}

const seconds = (s: number) => jest.advanceTimersByTimeAsync(s * 1000);

/** A job started with `settings`, `after` seconds later. */
async function startedJob(settings: Partial<IntervalJobSettings>, after = 0): Promise<TestJob> {
  const job = new TestJob(settings);
  job.onApplicationBootstrap();
  await seconds(after);
  return job;
}

describe('IntervalJob', () => {
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it.each([
    { intervalSeconds: 0, announce: undefined, logged: ['scheduled test run is off (ITOPS_TEST_INTERVAL_SECONDS=0); it runs on demand only'] },
    { intervalSeconds: -5, announce: undefined, logged: ['scheduled test run is off (ITOPS_TEST_INTERVAL_SECONDS=-5); it runs on demand only'] },
    { intervalSeconds: 0, announce: false, logged: [] },
  ])('interval $intervalSeconds (announce $announce): never runs, logs $logged', async ({ intervalSeconds, announce, logged }) => {
    const job = new TestJob({ intervalSeconds, announce });
    job.onApplicationBootstrap();
    await seconds(24 * 3600);
    expect(job.runs).toHaveLength(0);
    expect(log.mock.calls.map(([message]) => message)).toEqual(logged);
  });

  it.each([
    { intervalSeconds: 60, firstRunWithinSeconds: undefined, first: 30 },
    { intervalSeconds: 10, firstRunWithinSeconds: undefined, first: 10 },
    { intervalSeconds: 60, firstRunWithinSeconds: 5, first: 5 },
    { intervalSeconds: 3, firstRunWithinSeconds: 5, first: 3 },
    { intervalSeconds: 60, firstRunWithinSeconds: Number.POSITIVE_INFINITY, first: 60 },
  ])('every $intervalSeconds s, first within $firstRunWithinSeconds s: first run at $first s', async ({ intervalSeconds, firstRunWithinSeconds, first }) => {
    const job = new TestJob({ intervalSeconds, firstRunWithinSeconds });
    job.onApplicationBootstrap();
    expect(log).toHaveBeenCalledWith(`scheduled test run runs every ${intervalSeconds} s`);
    await jest.advanceTimersByTimeAsync(first * 1000 - 1);
    expect(job.runs).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(job.runs.map((r) => r.startedAt)).toEqual([first * 1000]);
  });

  it('does not announce itself when told not to, and still runs', async () => {
    const job = await startedJob({ intervalSeconds: 10, announce: false }, 10);
    expect(job.runs).toHaveLength(1);
    expect(log).not.toHaveBeenCalled();
  });

  it('times the next run from the end of the last: an overrun delays it, never overlaps', async () => {
    const job = await startedJob({ intervalSeconds: 10 }, 10);
    expect(job.runs).toHaveLength(1);
    await seconds(95); // the run takes 95 s, far beyond the 10 s interval
    expect(job.runs).toHaveLength(1);
    job.runs[0].finish();
    await seconds(9.999);
    expect(job.runs).toHaveLength(1);
    await seconds(0.001);
    expect(job.runs.map((r) => r.startedAt)).toEqual([10_000, 115_000]);
    job.runs[1].finish();
    await seconds(10);
    expect(job.runs.map((r) => r.startedAt)).toEqual([10_000, 115_000, 125_000]);
    expect(job.maxInFlight).toBe(1);
  });

  it.each([
    { thrown: new Error('database gone'), err: 'database gone' },
    { thrown: 'plain text' as unknown as Error, err: 'plain text' },
  ])('logs a failed run with the job and $err, and keeps the next run', async ({ thrown, err }) => {
    const job = await startedJob({ intervalSeconds: 10 }, 10);
    job.runs[0].fail(thrown);
    await seconds(0);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith({ msg: 'scheduled test run failed; next run as scheduled', err });
    await seconds(10);
    expect(job.runs).toHaveLength(2);
  });

  it('on shutdown waits for the run in progress, then runs no more', async () => {
    const job = await startedJob({ intervalSeconds: 10 }, 10);
    let shutDown = false;
    const shutdown = job.beforeApplicationShutdown().then(() => {
      shutDown = true;
    });
    await seconds(30);
    expect(shutDown).toBe(false);
    job.runs[0].finish();
    await shutdown;
    expect(shutDown).toBe(true);
    await seconds(3600);
    expect(job.runs).toHaveLength(1);
  });

  it('on shutdown before the first run, cancels it and returns at once', async () => {
    const job = await startedJob({ intervalSeconds: 10 }, 5);
    await job.beforeApplicationShutdown();
    await seconds(3600);
    expect(job.runs).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('names its logger after the subclass', () => {
    const job = new TestJob();
    expect((job as unknown as { logger: Logger }).logger).toMatchObject({ context: 'TestJob' });
  });
});
