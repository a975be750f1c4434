// The consumer path on the real Kafka and PostgreSQL: metering.usage.v1 events become billing's
// copy of the ledger, and an event delivered twice (or a ledger item announced twice) counts once.
import { Kafka, logLevel } from 'kafkajs';
import { encodeEvent, Topics, UsageRecordedSchema } from '@itops/shared/contracts';
import { eventually, stackKafka } from '@itops/shared/testing';
import { randomUUID } from 'node:crypto';
import { startBillingTestApp, usageEvent, type BillingTestApp } from '../__fixtures__/billing.test-app';

/** A customer code no real customer has (Q-Z and three digits). */
const CUSTOMER = `${String.fromCharCode(81 + Math.floor(Math.random() * 10))}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
// A month long before anything else on the stack's topic, drawn at random so that earlier runs
// of this spec (their events stay on the topic) do not share it.
const YEAR = 1901 + Math.floor(Math.random() * 98);
const PERIOD = `${YEAR}-03`;

describe('billing consumes metering.usage.v1 (real Kafka and PostgreSQL)', () => {
  let billing: BillingTestApp;
  const kafka = new Kafka({ clientId: 'itops-billing-int', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();

  beforeAll(async () => {
    billing = await startBillingTestApp({ consume: true });
    await producer.connect();
    const imported = await (await billing.http())
      .post('/v1/price-lists')
      .set('Content-Type', 'text/csv')
      .send('tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ\nKONTO;Användarkonto;st/mån;antal-vid-manadsslut;62,50;1900-01-01;;bas\n');
    expect(imported.body).toEqual({ accepted: 1, rejected: [] });
  });

  afterAll(async () => {
    await producer.disconnect();
    await billing?.close();
  });

  it('records a redelivered event and a repeated ledger item once, and bills it once', async () => {
    const ledgerItemId = randomUUID();
    const fields = { id: ledgerItemId, customerCode: CUSTOMER, offeringCode: 'KONTO', subjectId: `acc-${ledgerItemId}`, validFrom: `${YEAR}-03-16` };
    const event = usageEvent(fields);
    const again = usageEvent(fields);
    const message = (value: typeof event) => ({ key: ledgerItemId, value: Buffer.from(encodeEvent(UsageRecordedSchema, value)) });
    // The same event twice (a redelivery), then the same ledger item under a new event id.
    await producer.send({ topic: Topics.meteringUsage.name, messages: [message(event), message(event), message(again)] });

    const inbox = await eventually(
      'both event ids in the inbox',
      async () => {
        const rows: { event_id: string }[] = await billing.dataSource.query('SELECT event_id FROM inbox_message WHERE event_id = ANY($1)', [
          [event.envelope?.eventId, again.envelope?.eventId],
        ]);
        return rows.length === 2 ? rows : undefined;
      },
      90_000,
      500,
    );
    expect(inbox).toHaveLength(2);
    const items = await billing.dataSource.query('SELECT id, quantity::text AS quantity FROM usage_item WHERE customer_code = $1', [CUSTOMER]);
    expect(items).toEqual([{ id: ledgerItemId, quantity: '1.0000' }]);

    const run = await (await billing.http()).post('/v1/runs').send({ period: PERIOD });
    expect(run.status).toBe(200);
    expect(run.body.invoices.filter((invoice: { customer: string }) => invoice.customer === CUSTOMER)).toEqual([
      { customer: CUSTOMER, totalSek: '62.50', lines: [expect.objectContaining({ offering: 'KONTO', quantity: '1', amountSek: '62.50', items: [ledgerItemId] })] },
    ]);
  });
});
