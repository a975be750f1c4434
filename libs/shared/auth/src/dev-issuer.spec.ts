import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import { startDevIssuer, type StartedDevIssuer } from '@itops/shared/testing';
import { AuthModule } from './auth.module';
import type { AuthUser } from './auth-user.model';
import { CurrentUser } from './current-user.decorator';
import { fetchDevToken } from './dev-issuer.client';
import { ALL_ROLES, Role } from './role.enum';
import { Roles } from './roles.decorator';

type RunningIssuer = StartedDevIssuer;

const running: ChildProcess[] = [];
let stateDir: string;

/** Starts the script as the local stack does and waits for its "listening" log line. */
async function startIssuer(port: number, state = stateDir): Promise<RunningIssuer> {
  const issuer = await startDevIssuer(state, port);
  running.push(issuer.child);
  return issuer;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function verifyAgainst(issuer: RunningIssuer, token: string) {
  const discovery = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    jwks_uri: string;
  };
  expect(discovery.issuer).toBe(issuer.url);
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer: issuer.url,
    audience: 'itops',
    algorithms: ['ES256', 'RS256'],
  });
  return payload;
}

async function postToken(issuer: RunningIssuer, body: unknown) {
  const res = await fetch(`${issuer.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('dev issuer (deploy/local/dev-issuer/dev-issuer.mjs)', () => {
  let issuer: RunningIssuer;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'itops-dev-issuer-'));
    issuer = await startIssuer(0);
  });

  afterAll(async () => {
    await Promise.all(running.map(stop));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('listens on loopback only and says it is for local use only', () => {
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.startupLog).toMatch(/FOR LOCAL USE ONLY/);
  });

  it('issues an operator token that verifies against its own JWKS', async () => {
    const token = await fetchDevToken(Role.Operator, { issuerUrl: issuer.url });
    const payload = await verifyAgainst(issuer, token);
    expect(payload).toMatchObject({ iss: issuer.url, aud: 'itops', sub: 'dev-operator', roles: ['operator'] });
    expect(payload.customers).toBeUndefined();
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: issuer.kid });
  });

  it('issues a customer viewer token with its organisations, subject and lifetime', async () => {
    const res = await postToken(issuer, { role: 'customer-viewer', subject: 'anna', customers: ['N138', 'B110'], ttlSeconds: 60 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    const payload = await verifyAgainst(issuer, res.body.access_token as string);
    expect(payload).toMatchObject({ sub: 'anna', roles: ['customer-viewer'], customers: ['N138', 'B110'] });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(60);
  });

  it('knows exactly the roles of the Role enum', async () => {
    const res = await postToken(issuer, { role: 'superuser' });
    expect(res.status).toBe(400);
    expect(res.body.allowedRoles).toEqual([...ALL_ROLES]);
    expect(res.body.message).toBe(`role "superuser" is not known; allowed roles: ${ALL_ROLES.join(', ')}`);
    await expect(fetchDevToken('superuser' as Role, { issuerUrl: issuer.url })).rejects.toThrow(
      /refused a superuser token \(HTTP 400\): role "superuser" is not known/,
    );
  });

  it.each([
    [{}, /role undefined is not known/],
    [{ role: 'operator', customers: ['N138'] }, /customers applies only to role customer-viewer, not operator/],
    [{ role: 'customer-viewer', customers: 'N138' }, /customers must be an array of organisation codes/],
    [{ role: 'operator', ttlSeconds: 0 }, /ttlSeconds 0 is not allowed; give an integer from 1 to 86400/],
    [{ role: 'operator', ttlSeconds: 1.5 }, /ttlSeconds 1.5 is not allowed/],
    [{ role: 'operator', subject: '' }, /subject must be a non-empty string/],
    [['operator'], /body must be a JSON object/],
  ])('refuses the token request %j with 400', async (body, message) => {
    const res = await postToken(issuer, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('keeps its key in the state folder, readable by the owner only', () => {
    const keyFile = join(stateDir, 'dev-issuer', 'key.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ alg: 'ES256', kid: issuer.kid });
  });

  it('reuses the key on restart, so tokens issued before still verify', async () => {
    const token = await fetchDevToken(Role.Auditor, { issuerUrl: issuer.url });
    await stop(issuer.child);
    const restarted = await startIssuer(issuer.port);
    expect(restarted.kid).toBe(issuer.kid);
    await expect(verifyAgainst(restarted, token)).resolves.toMatchObject({ roles: ['auditor'] });
    issuer = restarted;
  });

  it('makes a new key for a new state folder, whose tokens the old JWKS rejects', async () => {
    const otherState = mkdtempSync(join(tmpdir(), 'itops-dev-issuer-'));
    try {
      const other = await startIssuer(0, otherState);
      expect(other.kid).not.toBe(issuer.kid);
      const token = await fetchDevToken(Role.Operator, { issuerUrl: other.url });
      await expect(
        jwtVerify(token, createRemoteJWKSet(new URL(`${issuer.url}/jwks.json`)), { audience: 'itops' }),
      ).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
      await stop(other.child);
    } finally {
      rmSync(otherState, { recursive: true, force: true });
    }
  });

  it('refuses to start on a port that is not a port', async () => {
    await expect(startIssuer(70000)).rejects.toThrow(/exited with 1[\s\S]*ITOPS_DEV_ISSUER_PORT \\"70000\\" is not a port/);
  });

  describe('with AuthModule', () => {
    @Controller('devices')
    class DevicesController {
      @Get()
      @Roles(Role.Operator)
      list(@CurrentUser() user: AuthUser): AuthUser {
        return user;
      }
    }

    let app: INestApplication;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [AuthModule.forRoot({ issuer: issuer.url, audience: 'itops', jwksUrl: `${issuer.url}/jwks.json` })],
        controllers: [DevicesController],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      await app.init();
    });

    afterAll(() => app.close());

    it.each([
      [Role.Operator, 200],
      [Role.Admin, 200],
      [Role.ServiceDesk, 403],
    ])('a %s token from the dev issuer gets %i from a @Roles(operator) route', async (role, status) => {
      const token = await fetchDevToken(role, { issuerUrl: issuer.url });
      const res = await request(app.getHttpServer()).get('/devices').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(status);
      if (status === 200) {
        expect(res.body).toEqual({ subject: `dev-${role}`, roles: [role], customers: [] });
      }
    });
  });
});
