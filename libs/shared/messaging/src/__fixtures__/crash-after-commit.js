// Child process for the outbox spec: commits a business change with its outbox row through the
// compiled messaging library, then dies with SIGKILL before any relay could publish it.
const { DataSource } = require('typeorm');
const { addToOutbox } = require(process.env.MESSAGING_DIST);
const [database, topic, eventId] = process.argv.slice(2);

(async () => {
  const ds = new DataSource({ type: 'postgres', host: process.env.PGHOST, port: Number(process.env.PGPORT), username: 'itops', password: 'itops', database });
  await ds.initialize();
  const codec = {
    topic,
    encode: (e) => Buffer.from(JSON.stringify(e)),
    decode: (b) => JSON.parse(Buffer.from(b).toString()),
    validate: () => [],
    ids: (e) => ({ eventId: e.eventId, eventType: 'test.event', correlationId: e.eventId }),
  };
  await ds.transaction(async (m) => {
    await m.query('INSERT INTO business (account) VALUES ($1)', ['crash-account']);
    await addToOutbox(m, codec, 'crash-account', { eventId, account: 'crash-account', amount: 1 });
  });
  process.kill(process.pid, 'SIGKILL');
})();
