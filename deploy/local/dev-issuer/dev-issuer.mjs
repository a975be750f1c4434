#!/usr/bin/env node
// Local development OIDC issuer: hands out signed access tokens for any itops role so the
// services on the local stack can authenticate requests exactly as in production, where
// the city's OIDC provider issues the tokens. It has no login at all: anyone who can reach
// it gets any role, which is why it listens on loopback only and must never run elsewhere.
//
//   ITOPS_DEV_ISSUER_PORT  port on 127.0.0.1 (default 59100; 0 picks a free one)
//   ITOPS_STATE            state folder (default <repo>/.itops); the key is kept in
//                          $ITOPS_STATE/dev-issuer/key.json so tokens survive a restart
//
//   GET  /.well-known/openid-configuration
//   GET  /jwks.json
//   POST /token  {"role":"operator","subject"?:"...","customers"?:["N138"],"ttlSeconds"?:3600}
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

// Mirrors the Role enum of libs/shared/auth; its spec checks that the two lists agree.
const ROLES = ['operator', 'licence-manager', 'service-desk', 'customer-viewer', 'auditor', 'manager', 'group-owner', 'admin'];
const ALG = 'ES256';
const AUDIENCE = 'itops';
const HOST = '127.0.0.1';
const DEFAULT_TTL_SECONDS = 3600;
const MAX_TTL_SECONDS = 86400;
const MAX_BODY_BYTES = 16 * 1024;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const stateDir = process.env.ITOPS_STATE || join(repoRoot, '.itops');
const keyFile = join(stateDir, 'dev-issuer', 'key.json');

function log(level, msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: 'dev-issuer', msg, ...fields })}\n`);
}

function fail(msg) {
  log('error', msg);
  process.exit(1);
}

function parsePort(raw) {
  if (raw === undefined || raw === '') return 59100;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`ITOPS_DEV_ISSUER_PORT "${raw}" is not a port; give an integer from 0 to 65535`);
  }
  return port;
}

/** Loads the signing key, or creates it on first start; reusing it keeps earlier tokens valid. */
async function loadOrCreateKey() {
  let stored;
  try {
    stored = JSON.parse(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') fail(`cannot read ${keyFile}: ${error.message}; delete it to make a new key`);
  }
  if (!stored) {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    stored = { alg: ALG, kid: await calculateJwkThumbprint(privateJwk), privateJwk, createdAt: new Date().toISOString() };
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    try {
      // 'wx': if another instance created the key meanwhile, use that one instead.
      writeFileSync(keyFile, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      log('info', 'created a new signing key', { keyFile, kid: stored.kid });
    } catch (error) {
      if (error.code !== 'EEXIST') fail(`cannot write ${keyFile}: ${error.message}`);
      stored = JSON.parse(readFileSync(keyFile, 'utf8'));
    }
  }
  const { d: _private, ...publicJwk } = stored.privateJwk;
  return {
    kid: stored.kid,
    privateKey: await importJWK(stored.privateJwk, stored.alg),
    publicJwk: { ...publicJwk, kid: stored.kid, alg: stored.alg, use: 'sig' },
  };
}

/** Returns the token claims for a request body, or an error message naming what is wrong. */
function validateTokenRequest(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'body must be a JSON object such as {"role":"operator"}' };
  }
  const { role, subject, customers, ttlSeconds } = body;
  if (!ROLES.includes(role)) {
    return { error: `role ${JSON.stringify(role)} is not known; allowed roles: ${ROLES.join(', ')}` };
  }
  if (subject !== undefined && (typeof subject !== 'string' || subject.trim() === '')) {
    return { error: 'subject must be a non-empty string when given' };
  }
  if (customers !== undefined) {
    if (role !== 'customer-viewer') {
      return { error: `customers applies only to role customer-viewer, not ${role}` };
    }
    if (!Array.isArray(customers) || !customers.every((c) => typeof c === 'string' && c.trim() !== '')) {
      return { error: 'customers must be an array of organisation codes such as ["N138","B110"]' };
    }
  }
  const ttl = ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    return { error: `ttlSeconds ${JSON.stringify(ttlSeconds)} is not allowed; give an integer from 1 to ${MAX_TTL_SECONDS}` };
  }
  return { role, subject: subject ?? `dev-${role}`, customers, ttl };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('body is not valid JSON');
  }
}

async function main() {
  const port = parsePort(process.env.ITOPS_DEV_ISSUER_PORT);
  const key = await loadOrCreateKey();
  let issuer = `http://${HOST}:${port}`;

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    try {
      if (path === '/.well-known/openid-configuration' && req.method === 'GET') {
        return send(res, 200, {
          issuer,
          jwks_uri: `${issuer}/jwks.json`,
          token_endpoint: `${issuer}/token`,
          id_token_signing_alg_values_supported: [ALG],
          subject_types_supported: ['public'],
          response_types_supported: ['token'],
          claims_supported: ['iss', 'aud', 'sub', 'exp', 'iat', 'roles', 'customers'],
        });
      }
      if (path === '/jwks.json' && req.method === 'GET') {
        return send(res, 200, { keys: [key.publicJwk] });
      }
      if (path === '/token' && req.method === 'POST') {
        let body;
        try {
          body = await readJson(req);
        } catch (error) {
          return send(res, 400, { error: 'invalid_request', message: error.message });
        }
        const request = validateTokenRequest(body);
        if (request.error) {
          return send(res, 400, { error: 'invalid_request', message: request.error, allowedRoles: ROLES });
        }
        const claims = { roles: [request.role] };
        if (request.role === 'customer-viewer') claims.customers = request.customers ?? [];
        const accessToken = await new SignJWT(claims)
          .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
          .setIssuer(issuer)
          .setAudience(AUDIENCE)
          .setSubject(request.subject)
          .setIssuedAt()
          .setExpirationTime(`${request.ttl}s`)
          .sign(key.privateKey);
        log('info', 'issued token', { role: request.role, subject: request.subject, ttlSeconds: request.ttl });
        return send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: request.ttl });
      }
      const known = ['/.well-known/openid-configuration', '/jwks.json', '/token'].includes(path);
      return send(res, known ? 405 : 404, {
        error: known ? 'method_not_allowed' : 'not_found',
        message: `${req.method} ${path} is not served; use GET /.well-known/openid-configuration, GET /jwks.json or POST /token`,
      });
    } catch (error) {
      log('error', 'request failed', { path, error: error.message });
      return send(res, 500, { error: 'server_error', message: error.message });
    }
  });

  server.on('error', (error) => fail(`cannot listen on ${HOST}:${port}: ${error.message}`));
  server.listen(port, HOST, () => {
    issuer = `http://${HOST}:${server.address().port}`;
    log('info', 'dev OIDC issuer listening: FOR LOCAL USE ONLY, it gives any role to anyone who asks', {
      issuer,
      audience: AUDIENCE,
      jwksUrl: `${issuer}/jwks.json`,
      kid: key.kid,
      keyFile,
    });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

await main();
