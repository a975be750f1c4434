import { HrFeedException } from './hr-feed.exception';
import { massLeaverCheck } from './mass-leaver.policy';

describe('massLeaverCheck', () => {
  it.each([
    // active, leavers, maxShare, held, share
    [1000, 0, 0.05, false, 0],
    [1000, 49, 0.05, false, 0.049],
    [1000, 50, 0.05, false, 0.05], // exactly at the limit passes
    [1000, 51, 0.05, true, 0.051],
    [100, 5, 0.05, false, 0.05],
    [100, 6, 0.05, true, 0.06],
    [100, 7, 0.07, false, 0.07],
    [57000, 28500, 0.05, true, 0.5], // a truncated export: half the city
    [10, 1, 0.1, false, 0.1],
    [10, 1, 0, true, 0.1],
    [10, 10, 1, false, 1],
    [0, 0, 0.05, false, 0],
    [0, 3, 0.05, true, 1],
  ])('%i active, %i leavers, max %d -> held %s', (active, leavers, maxShare, held, share) => {
    expect(massLeaverCheck(active, leavers, maxShare)).toEqual({ held, share });
  });

  it('defaults to 5 %', () => {
    expect(massLeaverCheck(100, 5).held).toBe(false);
    expect(massLeaverCheck(100, 6).held).toBe(true);
  });

  it.each([
    [-1, 0, 0.05],
    [10, 1.5, 0.05],
    [10, 1, 1.5],
    [10, 1, -0.1],
    [10, 1, Number.NaN],
  ])('refuses active %d, leavers %d, max %d', (active, leavers, maxShare) => {
    expect(() => massLeaverCheck(active, leavers, maxShare)).toThrow(HrFeedException);
  });
});
