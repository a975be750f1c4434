import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliExceptionCode } from './cli.exception';
import { TokenStore, type StoredToken } from './token.store';

describe('TokenStore', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const token = (expiresAt: string): StoredToken => ({
    accessToken: 'eyJ.stored.token',
    role: 'service-desk',
    subject: 'dev-service-desk',
    issuer: 'http://127.0.0.1:59100',
    expiresAt,
  });
  const newStore = () => new TokenStore(join(mkdtempSync(join(tmpdir(), 'itops-state-')), 'state'), () => now);

  it('saves token.json readable by its owner only and reads it back', () => {
    const store = newStore();
    store.save(token('2026-11-22T13:00:00Z'));
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual(token('2026-11-22T13:00:00Z'));
    expect(store.bearer()).toBe('eyJ.stored.token');
  });

  it('keeps mode 0600 when it replaces a token file that was world-readable', () => {
    const store = newStore();
    store.save(token('2026-11-22T13:00:00Z'));
    writeFileSync(store.file, JSON.stringify(token('2026-11-22T13:00:00Z')), { mode: 0o644 });
    store.save(token('2026-11-22T14:00:00Z'));
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('prefers ITOPS_TOKEN over the stored token, even without a login', () => {
    expect(newStore().bearer('eyJ.from.env')).toBe('eyJ.from.env');
  });

  it.each([
    ['no login', undefined, 'not logged in; run "itops login --role <role>"'],
    ['an expired token', '2026-11-22T11:00:00Z', 'the service-desk token in'],
    ['a token about to expire', '2026-11-22T12:00:10Z', 'log in again with "itops login --role service-desk"'],
  ])('refuses %s', (_case, expiresAt, says) => {
    const store = newStore();
    if (expiresAt) store.save(token(expiresAt));
    expect(() => store.bearer()).toThrow(expect.objectContaining({ code: CliExceptionCode.NOT_LOGGED_IN, message: expect.stringContaining(says) }));
  });

  it('says when token.json is not a token file', () => {
    const store = newStore();
    store.save(token('2026-11-22T13:00:00Z'));
    writeFileSync(store.file, '{"hello":1}');
    expect(() => store.bearer()).toThrow('is not a token file');
  });
});
