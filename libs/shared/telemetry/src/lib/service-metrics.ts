import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

export interface ServiceMetricsOptions {
  /** Added as the `service` label to every series. */
  service?: string;
  /** Process and Node.js runtime metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

type Config<C> = Omit<C, 'registers'>;

/** Buckets in seconds for request and handler durations: 5 ms to 10 s. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * One Prometheus registry per process, with a `service` label on every series. Metric
 * factories are get-or-create by name, so a module built twice (tests, hot paths that
 * declare their metric next to the code) does not throw "already registered".
 */
export class ServiceMetrics {
  readonly registry: Registry;

  constructor(options: ServiceMetricsOptions = {}) {
    this.registry = new Registry();
    if (options.service) this.setService(options.service);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Sets the `service` label added to every series. */
  setService(service: string): void {
    this.registry.setDefaultLabels({ service });
  }

  counter<L extends string = string>(config: Config<CounterConfiguration<L>>): Counter<L> {
    return this.getOrCreate(config.name, Counter, () => new Counter<L>({ ...config, registers: [this.registry] }));
  }

  histogram<L extends string = string>(config: Config<HistogramConfiguration<L>>): Histogram<L> {
    return this.getOrCreate(
      config.name,
      Histogram,
      () =>
        new Histogram<L>({
          buckets: [...DURATION_BUCKETS_SECONDS],
          ...config,
          registers: [this.registry],
        }),
    );
  }

  gauge<L extends string = string>(config: Config<GaugeConfiguration<L>>): Gauge<L> {
    return this.getOrCreate(config.name, Gauge, () => new Gauge<L>({ ...config, registers: [this.registry] }));
  }

  /** The Content-Type of `render()`'s text (Prometheus text exposition format). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** All series in Prometheus text format, for `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  private getOrCreate<M extends Metric>(
    name: string,
    kind: abstract new (...args: never[]) => Metric,
    create: () => M,
  ): M {
    const existing = this.registry.getSingleMetric(name);
    if (!existing) return create();
    if (!(existing instanceof kind)) {
      throw new Error(`metric "${name}" is already registered as another type; choose another name`);
    }
    return existing as M;
  }
}

/** A `ServiceMetrics` with default metrics and the `service` label. */
export function createMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  return new ServiceMetrics(options);
}
