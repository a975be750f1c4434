import { Controller, ExecutionContext, Get, INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import request from 'supertest';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import type { AuthUser } from './auth-user.model';
import { CurrentUser } from './current-user.decorator';
import { Role } from './role.enum';
import { Public, Roles } from './roles.decorator';
import type { TokenVerifier } from './token-verifier.service';

const AUDIENCE = 'itops';

@Controller('licences')
class LicencesController {
  @Get()
  @Roles(Role.LicenceManager)
  list(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Get('forgotten')
  forgotten(): string {
    return 'this route declares no role';
  }

  @Get('health')
  @Public()
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Controller('audit')
@Roles(Role.Auditor)
class AuditController {
  @Get()
  list(): string {
    return 'audit log';
  }

  @Get('operations')
  @Roles(Role.Operator)
  operations(): string {
    return 'handler roles replace the controller roles';
  }

  @Get('ready')
  @Public()
  ready(): string {
    return 'ready';
  }
}

interface Keys {
  es: KeyLike;
  rs: KeyLike;
  other: KeyLike;
}

let keys: Keys;
let jwksServer: Server;
let issuer: string;
let app: INestApplication;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function appWith(jwksUrl: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ issuer, audience: AUDIENCE, jwksUrl })],
    controllers: [LicencesController, AuditController],
  }).compile();
  const created = moduleRef.createNestApplication({ logger: false });
  await created.init();
  return created;
}

interface TokenSpec {
  claims?: JWTPayload;
  key?: keyof Keys;
  alg?: string;
  kid?: string | null;
  audience?: string;
  issuer?: string;
  sub?: string | null;
  exp?: number;
}

function token(spec: TokenSpec = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const alg = spec.alg ?? (spec.key === 'rs' ? 'RS256' : 'ES256');
  const kid = spec.kid === undefined ? (spec.key === 'rs' ? 'rs-1' : 'es-1') : spec.kid;
  const jwt = new SignJWT({ roles: [Role.LicenceManager], ...spec.claims })
    .setProtectedHeader(kid === null ? { alg } : { alg, kid })
    .setIssuer(spec.issuer ?? issuer)
    .setAudience(spec.audience ?? AUDIENCE)
    .setIssuedAt(now - 600)
    .setExpirationTime(spec.exp ?? now + 300);
  if (spec.sub !== null) {
    jwt.setSubject(spec.sub ?? 'user-1');
  }
  return jwt.sign(keys[spec.key ?? 'es']);
}

beforeAll(async () => {
  const es = await generateKeyPair('ES256');
  const rs = await generateKeyPair('RS256');
  const other = await generateKeyPair('ES256');
  keys = { es: es.privateKey, rs: rs.privateKey, other: other.privateKey };
  const jwks = {
    keys: [
      { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
    ],
  };
  jwksServer = createServer((req, res) => {
    res.writeHead(req.url === '/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/jwks.json' ? JSON.stringify(jwks) : '{}');
  });
  const port = await listen(jwksServer);
  issuer = `http://127.0.0.1:${port}`;
  app = await appWith(`${issuer}/jwks.json`);
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

const now = () => Math.floor(Date.now() / 1000);
const HS_SECRET = new TextEncoder().encode('a shared secret that no service should accept');

describe('AuthGuard over HTTP', () => {
  // [case, path, token or undefined for none, status, message pattern]
  const cases: Array<[string, string, number, RegExp, (() => Promise<string>) | undefined]> = [
    ['no token', '/licences', 401, /missing bearer token/, undefined],
    ['expired token', '/licences', 401, /token expired at \d{4}-/, () => token({ exp: now() - 120 })],
    ['wrong audience', '/licences', 401, /^wrong audience: token is for "another-app", this service accepts only "itops"$/, () => token({ audience: 'another-app' })],
    ['wrong issuer', '/licences', 401, /wrong issuer/, () => token({ issuer: 'https://evil.example' })],
    ['bad signature: other key under a published kid', '/licences', 401, /bad signature/, () => token({ key: 'other' })],
    ['bad signature: other key, unknown kid', '/licences', 401, /bad signature/, () => token({ key: 'other', kid: 'nobody' })],
    ['bad signature: other key, no kid', '/licences', 401, /bad signature/, () => token({ key: 'other', kid: null })],
    ['symmetric algorithm', '/licences', 401, /algorithm is not allowed; allowed: RS256, ES256/, () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(AUDIENCE).setSubject('x').setExpirationTime('5m').sign(HS_SECRET)],
    ['not a JWT', '/licences', 401, /malformed token/, async () => 'not.a.jwt'],
    ['no sub claim', '/licences', 401, /invalid claim sub: missing required "sub" claim/, () => token({ sub: null })],
    ['roles claim not a list', '/licences', 401, /invalid claim roles: must be an array of strings/, () => token({ claims: { roles: 'admin' } })],
    ['valid token lacking the role', '/licences', 403, /requires one of the roles licence-manager \(or admin\); the token has: operator/, () => token({ claims: { roles: [Role.Operator] } })],
    ['unknown role grants nothing', '/licences', 403, /the token has: none/, () => token({ claims: { roles: ['superuser'] } })],
    ['right role', '/licences', 200, /"subject":"user-1"/, () => token()],
    ['right role, RS256', '/licences', 200, /"subject":"user-1"/, () => token({ key: 'rs' })],
    ['one of several roles', '/licences', 200, /licence-manager/, () => token({ claims: { roles: [Role.Auditor, Role.LicenceManager] } })],
    ['admin passes every role check', '/licences', 200, /"roles":\["admin"\]/, () => token({ claims: { roles: [Role.Admin] } })],
    ['expired within clock tolerance', '/licences', 200, /user-1/, () => token({ exp: now() - 5 })],
    ['route without @Roles, licence-manager', '/licences/forgotten', 403, /declares no required role/, () => token()],
    ['route without @Roles, even admin', '/licences/forgotten', 403, /declares no required role/, () => token({ claims: { roles: [Role.Admin] } })],
    ['route without @Roles, no token', '/licences/forgotten', 401, /missing bearer token/, undefined],
    ['@Public route without token', '/licences/health', 200, /"status":"ok"/, undefined],
    ['@Public route ignores a bad token', '/licences/health', 200, /"status":"ok"/, async () => 'garbage'],
    ['controller @Roles applies to its handlers', '/audit', 200, /audit log/, () => token({ claims: { roles: [Role.Auditor] } })],
    ['controller @Roles refuses others', '/audit', 403, /requires one of the roles auditor/, () => token({ claims: { roles: [Role.Operator] } })],
    ['handler @Roles replaces controller @Roles', '/audit/operations', 200, /handler roles/, () => token({ claims: { roles: [Role.Operator] } })],
    ['handler @Roles refuses the controller role', '/audit/operations', 403, /requires one of the roles operator/, () => token({ claims: { roles: [Role.Auditor] } })],
    ['handler @Public inside a @Roles controller', '/audit/ready', 200, /ready/, undefined],
  ];

  it.each(cases)('%s: GET %s -> %i', async (_case, path, status, pattern, makeToken) => {
    const req = request(app.getHttpServer()).get(path);
    if (makeToken) {
      req.set('Authorization', `Bearer ${await makeToken()}`);
    }
    const res = await req;
    expect(res.status).toBe(status);
    expect(res.status === 200 ? res.text : res.body.message).toMatch(pattern);
    if (status === 401) {
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="itops"/);
    } else {
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('names the failure in WWW-Authenticate for a bad token, and only the challenge for a missing one', async () => {
    const missing = await request(app.getHttpServer()).get('/licences');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="itops"');

    const expired = await request(app.getHttpServer())
      .get('/licences')
      .set('Authorization', `Bearer ${await token({ exp: now() - 120 })}`);
    expect(expired.headers['www-authenticate']).toMatch(/error="invalid_token", error_description="token expired at /);
    expect(expired.body).toMatchObject({ statusCode: 401, code: 'TOKEN_EXPIRED' });
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await request(app.getHttpServer()).get('/licences').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/must read "Bearer <access token>"/);
  });

  it('gives @CurrentUser the subject, roles and customers of a customer viewer', async () => {
    const res = await request(app.getHttpServer())
      .get('/licences')
      .set(
        'Authorization',
        `Bearer ${await token({ sub: 'viewer-7', claims: { roles: [Role.CustomerViewer, Role.LicenceManager], customers: ['N138', 'B110'] } })}`,
      );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      subject: 'viewer-7',
      roles: [Role.CustomerViewer, Role.LicenceManager],
      customers: ['N138', 'B110'],
    });
  });

  it('answers 503, not 401, when the issuer key set cannot be fetched', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await appWith(`http://127.0.0.1:${port}/jwks.json`);
    try {
      const res = await request(unreachable.getHttpServer())
        .get('/licences')
        .set('Authorization', `Bearer ${await token()}`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'JWKS_UNAVAILABLE' });
      expect(res.body.message).toContain(`127.0.0.1:${port}/jwks.json`);
    } finally {
      await unreachable.close();
    }
  });
});

describe('AuthGuard outside HTTP', () => {
  it.each(['rpc', 'ws'])('lets %s contexts through without looking for a token', async (type) => {
    const verify = jest.fn();
    const guard = new AuthGuard(new Reflector(), { verify } as unknown as TokenVerifier);
    const context = { getType: () => type } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(verify).not.toHaveBeenCalled();
  });
});

describe('AuthModule.forRoot', () => {
  it.each([
    [{ issuer: '', audience: 'itops', jwksUrl: 'http://127.0.0.1:1/jwks.json' }, /option issuer is missing or empty/],
    [{ issuer: 'http://i', audience: ' ', jwksUrl: 'http://127.0.0.1:1/jwks.json' }, /option audience is missing or empty/],
    [{ issuer: 'http://i', audience: 'itops', jwksUrl: 'jwks.json' }, /option jwksUrl "jwks.json" is not a URL/],
    [{ issuer: 'http://i', audience: 'itops', jwksUrl: 'file:///etc/jwks.json' }, /jwksUrl uses file:; only http: and https: are allowed/],
  ])('refuses options %j', (options, message) => {
    expect(() => AuthModule.forRoot(options)).toThrow(message);
  });
});

describe('@Roles', () => {
  it('refuses an empty role list at declaration time', () => {
    const none: Role[] = [];
    expect(() => Roles(...(none as [Role]))).toThrow(/needs at least one role/);
  });
});
