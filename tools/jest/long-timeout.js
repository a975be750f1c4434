// Integration and end-to-end specs talk to real Kafka, PostgreSQL and Samba AD: allow them time.
jest.setTimeout(Number(process.env.ITOPS_TEST_TIMEOUT_MS ?? 180000));
