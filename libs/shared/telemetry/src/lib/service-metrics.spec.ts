import { createMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('labels every series with the service and includes the runtime metrics', async () => {
    const metrics = createMetrics({ service: 'billing' });
    metrics.counter({ name: 'itops_invoices_issued_total', help: 'Invoices issued', labelNames: ['customer'] }).inc({ customer: 'N138' });
    const text = await metrics.render();
    expect(text).toContain('itops_invoices_issued_total{customer="N138",service="billing"} 1');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="billing"\} /);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('returns the registered metric when asked for the same name again', () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const first = metrics.histogram({ name: 'itops_handler_seconds', help: 'h', labelNames: ['topic'] });
    expect(metrics.histogram({ name: 'itops_handler_seconds', help: 'h', labelNames: ['topic'] })).toBe(first);
    expect(() => metrics.counter({ name: 'itops_handler_seconds', help: 'c' })).toThrow(/already registered as another type/);
  });

  it('uses duration buckets from 5 ms to 10 s unless told otherwise', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.histogram({ name: 'itops_work_seconds', help: 'h' }).observe(0.2);
    const text = await metrics.render();
    expect(text).toContain('itops_work_seconds_bucket{le="0.005"} 0');
    expect(text).toContain('itops_work_seconds_bucket{le="0.25"} 1');
    expect(text).toContain('itops_work_seconds_bucket{le="10"} 1');
  });

  it('keeps registries apart', async () => {
    const a = createMetrics({ service: 'a', defaultMetrics: false });
    const b = createMetrics({ service: 'b', defaultMetrics: false });
    a.gauge({ name: 'itops_queue_depth', help: 'g' }).set(5);
    expect(await b.render()).not.toContain('itops_queue_depth');
  });
});
