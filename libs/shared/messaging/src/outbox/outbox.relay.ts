import type { DataSource } from 'typeorm';
import type { MessageBroker } from '../broker/message-broker';

export interface OutboxRelayOptions {
  /** Advisory lock key: one relay per service database publishes at a time, so order per key holds. */
  lockKey: number;
  batchSize?: number;
  pollMs?: number;
  /** Published rows older than this are deleted. */
  retainPublishedHours?: number;
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox in id order. A row is marked published only after the broker
 * acknowledged it, in the same transaction that read it: a crash before the mark publishes
 * the row again later (at least once; consumers' inboxes make that harmless), a crash before
 * the publish loses nothing.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly broker: MessageBroker,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
    this.timer = setInterval(() => void this.deletePublished().catch((e) => this.options.onError?.(e)), 3_600_000);
  }

  /** Ask the relay to look now rather than at its next poll (after a local commit). */
  nudge(): void {
    this.wake?.();
  }

  /** Publishes one batch; returns how many rows went out (0 when another replica holds the lock). */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [this.options.lockKey]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        'SELECT id, topic, message_key, payload, headers FROM outbox_message WHERE published_at IS NULL ORDER BY id LIMIT $1',
        [this.options.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await this.broker.publish(rows.map((r) => ({ topic: r.topic, key: r.message_key, value: r.payload, headers: r.headers })));
      await manager.query('UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Stops polling after publishing what is pending (graceful shutdown drains the outbox). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
    await this.running;
    try {
      while ((await this.publishBatch()) > 0);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let published = 0;
      try {
        published = await this.publishBatch();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.onError?.(error);
      }
      if (published > 0 && failures === 0) continue;
      const wait = failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : (this.options.pollMs ?? 200);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  private async deletePublished(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox_message WHERE published_at < now() - make_interval(hours => $1)`,
      [this.options.retainPublishedHours ?? 168],
    );
  }
}
