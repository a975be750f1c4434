import { IdentityException } from './identity.exception';
import { moverTransition, Placement } from './mover-transition.policy';

const at = (customerCode: string, unitCode: string | null): Placement => ({ customerCode, unitCode });

describe('moverTransition', () => {
  it.each<[string, Placement, Placement, boolean]>([
    ['another customer', at('N138', 'U1'), at('B110', 'U9'), true],
    ['another unit of the same customer', at('N138', 'U1'), at('N138', 'U2'), true],
    ['the same placement', at('N138', 'U1'), at('N138', 'U1'), false],
    ['an unknown old unit, same customer', at('N138', null), at('N138', 'U2'), false],
    ['an unknown old unit, another customer', at('N138', null), at('B110', 'U2'), true],
  ])('%s: a move is %s', (_, previous, next, moved) => {
    expect(moverTransition(previous, next, '2026-03-01', 30) !== null).toBe(moved);
  });

  it.each([
    [30, '2026-03-31'],
    [1, '2026-03-02'],
    [0, '2026-03-01'],
  ])('keeps the old access %i days: until %s', (days, until) => {
    expect(moverTransition(at('N138', 'U1'), at('B110', 'U9'), '2026-03-01', days)).toEqual({
      from: at('N138', 'U1'),
      to: at('B110', 'U9'),
      startedOn: '2026-03-01',
      until,
    });
  });

  it.each<[string, () => unknown]>([
    ['negative days', () => moverTransition(at('N138', 'U1'), at('B110', 'U9'), '2026-03-01', -1)],
    ['a bad date', () => moverTransition(at('N138', 'U1'), at('B110', 'U9'), '2026-02-30', 30)],
  ])('refuses %s', (_, run) => {
    expect(run).toThrow(IdentityException);
  });
});
