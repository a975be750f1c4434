import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresSettings } from '@itops/shared/config';
import { startDevIssuer, type StartedDevIssuer } from './dev-issuer';
import { createTestDatabase } from './stack';

/** What a service's in-process integration spec runs on, besides the stack's Kafka and AD. */
export interface ServiceTestStack {
  /** A fresh database of the local stack, migrated. */
  pg: PostgresSettings;
  /** A dev issuer of the spec's own: specs do not depend on one being up. */
  issuer: StartedDevIssuer;
  /** ITOPS_PG_DATABASE and the OIDC variables pointing at the two, to merge into the service's config. */
  env: Record<string, string>;
  /** Drops the database, stops the issuer and removes its state. */
  close(): Promise<void>;
}

/**
 * A fresh database (`<prefix>_<random>`) migrated by `migrate`, and a dev issuer. The migrations
 * come as a function so this library needs no service's schema (and persistence's specs can use it).
 * On a failure half-way, what was made is removed before the error is thrown.
 */
export async function startServiceTestStack(databasePrefix: string, migrate: (pg: PostgresSettings) => Promise<unknown>): Promise<ServiceTestStack> {
  const db = await createTestDatabase(databasePrefix);
  const stateDir = mkdtempSync(join(tmpdir(), `${databasePrefix}-issuer-`));
  let issuer: StartedDevIssuer | undefined;
  const close = async () => {
    await db.drop();
    issuer?.child.kill('SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await migrate(db.pg);
    issuer = await startDevIssuer(stateDir);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    pg: db.pg,
    issuer,
    env: { ITOPS_PG_DATABASE: db.pg.database, ITOPS_OIDC_ISSUER: issuer.url, ITOPS_OIDC_JWKS_URL: `${issuer.url}/jwks.json` },
    close,
  };
}
