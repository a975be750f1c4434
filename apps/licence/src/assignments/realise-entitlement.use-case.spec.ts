import { sourceOfCause } from './realise-entitlement.use-case';

describe('the source of a licence, by the entitlement\'s cause', () => {
  it.each([
    ['role:teacher@v3', 'role'],
    ['role:care-assistant@v12', 'role'],
    ['request:0193b2a4-0000-7000-8000-000000000001', 'request'],
    ['review:R-2026-11', 'request'],
    ['migration:2025', 'manual'],
    ['', 'manual'],
  ])('%j is %s', (cause, source) => {
    expect(sourceOfCause(cause)).toBe(source);
  });
});
