import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { addDays, stockholmDate } from '@itops/identity/domain';
import { AccessRuleSetRepository, identitySchema } from '@itops/identity/data-access';
import { AuthModule, fetchDevToken, Role } from '@itops/shared/auth';
import { EventPublisher, OutboxRelay } from '@itops/shared/messaging';
import { PersistenceModule } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { startDevIssuer, StartedDevIssuer } from '@itops/shared/testing';
import { config, IdentityStack, present } from '../__fixtures__/identity-stack';
import { RequestsModule } from './requests.module';

/** Events stay in the outbox (the relay is not started). */
@Global()
@Module({ providers: [{ provide: EventPublisher, useValue: new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay) }], exports: [EventPublisher] })
class OutboxOnlyMessaging {}

describe('access requests, reviews and audit over HTTP (roles, subjects, errors)', () => {
  let stack: IdentityStack;
  let app: INestApplication;
  let issuer: StartedDevIssuer;
  let state: string;
  let owner: string;
  let chef: string;
  let staff: string;
  const token = (role: Role, subject: string) => fetchDevToken(role, { issuerUrl: issuer.url, subject });

  beforeAll(async () => {
    stack = await IdentityStack.start('itops_identity_reqhttp');
    state = mkdtempSync(join(tmpdir(), 'itops-issuer-'));
    issuer = await startDevIssuer(state, 0);
    owner = `owner-${stack.run}`;
    const journal = await stack.group('journal', []);
    await stack.dataSource.transaction((m) =>
      new AccessRuleSetRepository(stack.dataSource).importActive(
        m,
        `groups:\n  - { key: journal, dn: "${journal}", owner: ${owner}, policy: enforce, requestable: true, maxDays: 30 }\nroles: []\n` +
          `licences:\n  - { code: VISIO-P2, owner: ${owner}, requestable: true, maxDays: 365 }\n`,
        'spec',
      ),
    );
    const managerEvent = stack.employmentEvent({ givenName: 'Chef' });
    chef = present((await stack.handle(managerEvent)).account).samAccountName;
    staff = present((await stack.handle(stack.employmentEvent({ givenName: 'Stina', managerEmploymentId: managerEvent.employmentId }))).account).samAccountName;

    const o = stack.dataSource.options as { host: string; port: number; database: string; username: string; password: string };
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({ host: o.host, port: o.port, database: o.database, user: o.username, password: o.password, ssl: false }, identitySchema),
        AuthModule.forRoot({ issuer: issuer.url, audience: 'itops', jwksUrl: `${issuer.url}/jwks.json` }),
        OutboxOnlyMessaging,
        RequestsModule.register({ ...config, ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: 0 }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'identity', level: 'silent' })));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    issuer?.child.kill();
    if (state) rmSync(state, { recursive: true, force: true });
    await stack?.stop();
  });

  it('runs a request from a manager to the owner’s approval, refusing the wrong roles and subjects', async () => {
    const http = request(app.getHttpServer());
    const body = { account: staff, group: 'journal', until: addDays(stockholmDate(new Date()), 5), reason: 'project work' };
    await http.post('/v1/access/requests').send(body).expect(401);
    await http.post('/v1/access/requests').set('authorization', `Bearer ${await token(Role.Auditor, 'auditor-1')}`).send(body).expect(403);
    const bad = await http.post('/v1/access/requests').set('authorization', `Bearer ${await token(Role.Manager, chef)}`).send({ ...body, until: '30/06' }).expect(400);
    expect(bad.body.message).toContain('until: must be the last day with access, YYYY-MM-DD');

    const created = await http.post('/v1/access/requests').set('authorization', `Bearer ${await token(Role.Manager, chef)}`).send(body).expect(201);
    expect(created.body).toMatchObject({ status: 'PENDING', requestedBy: chef, owner });
    const id = created.body.id as string;

    const notOwner = await http.post(`/v1/access/requests/${id}/approve`).set('authorization', `Bearer ${await token(Role.GroupOwner, 'someone-else')}`).send({}).expect(403);
    expect(notOwner.body.code).toBe('NOT_OWNER');
    await http.post(`/v1/access/requests/${id}/approve`).set('authorization', `Bearer ${await token(Role.Manager, chef)}`).send({}).expect(403);
    const approved = await http.post(`/v1/access/requests/${id}/approve`).set('authorization', `Bearer ${await token(Role.GroupOwner, owner)}`).send({ note: 'ok' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decidedBy: owner, decisionNote: 'ok' });
    const duplicate = await http.post('/v1/access/requests').set('authorization', `Bearer ${await token(Role.ServiceDesk, 'sd-1')}`).send(body).expect(409);
    expect(duplicate.body.code).toBe('DUPLICATE');

    // The review: the operator starts it, the manager (subject = sAMAccountName) confirms, the operator closes.
    const operator = `Bearer ${await token(Role.Operator, 'op-1')}`;
    const started = await http.post('/v1/access/reviews').set('authorization', operator).send({ closesOn: addDays(stockholmDate(new Date()), 3) }).expect(201);
    const item = started.body.items[0];
    expect(item).toMatchObject({ requestId: id, reviewers: [chef.toLowerCase()] });
    const mine = await http.get(`/v1/access/reviews/${started.body.review.id}`).set('authorization', `Bearer ${await token(Role.Manager, 'other.chef')}`).expect(200);
    expect(mine.body.items).toEqual([]);
    await http.post(`/v1/access/reviews/${started.body.review.id}/items/${item.id}/answer`).set('authorization', `Bearer ${await token(Role.Manager, chef)}`).send({ answer: 'confirm' }).expect(200);
    const closed = await http.post(`/v1/access/reviews/${started.body.review.id}/close`).set('authorization', operator).expect(200);
    expect(closed.body).toMatchObject({ kept: 1, revoked: 0 });

    const auditor = `Bearer ${await token(Role.Auditor, 'auditor-1')}`;
    const verification = await http.get('/v1/audit/verification').set('authorization', auditor).expect(200);
    expect(verification.body.broken).toBeUndefined();
    const access = await http.get('/v1/audit/access').query({ who: staff }).set('authorization', auditor).expect(200);
    expect(access.body.employments[0].access).toEqual([expect.objectContaining({ cause: `request:${id}`, confirmedIn: [expect.objectContaining({ by: chef })] })]);
    await http.get('/v1/audit/verification').set('authorization', operator).expect(403);
  });

  it('takes a licence instead of a group in the body, and exactly one of them', async () => {
    const http = request(app.getHttpServer());
    const desk = `Bearer ${await token(Role.ServiceDesk, 'sd-2')}`;
    const body = { account: staff, until: addDays(stockholmDate(new Date()), 100), reason: 'drawings' };
    const both = await http.post('/v1/access/requests').set('authorization', desk).send({ ...body, group: 'journal', licence: 'VISIO-P2' }).expect(400);
    expect(both.body.message).toContain('give exactly one of group (a catalogue group key) and licence (a requestable licence code)');
    await http.post('/v1/access/requests').set('authorization', desk).send(body).expect(400);
    const lowerCase = await http.post('/v1/access/requests').set('authorization', desk).send({ ...body, licence: 'visio-p2' }).expect(400);
    expect(lowerCase.body.message).toContain('licence: must be a licence code of the rule set');
    const created = await http.post('/v1/access/requests').set('authorization', desk).send({ ...body, licence: 'VISIO-P2' }).expect(201);
    expect(created.body).toMatchObject({ status: 'PENDING', licenceCode: 'VISIO-P2', groupKey: null, owner });
    const approved = await http.post(`/v1/access/requests/${created.body.id}/approve`).set('authorization', `Bearer ${await token(Role.GroupOwner, owner)}`).send({}).expect(200);
    expect(approved.body.status).toBe('APPROVED');
    const listed = await http.get('/v1/access/requests').query({ licence: 'VISIO-P2' }).set('authorization', desk).expect(200);
    expect(listed.body.requests.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
  });
});
