import { formatQuantity, formatSek, formatUnitPrice, Money, roundToOre } from './money.util';

describe('money', () => {
  // The one rounding rule: to öre, half up (ties away from zero).
  it.each([
    ['5.005', '5.01'],
    ['5.0049999999', '5.00'],
    ['0.075', '0.08'],
    ['2.345', '2.35'],
    ['-5.005', '-5.01'],
    ['-0.004', '0.00'],
    ['1234.5', '1234.50'],
    ['0', '0.00'],
  ])('%s SEK rounds to %s', (amount, expected) => {
    expect(formatSek(new Money(amount))).toBe(expected);
  });

  it('rounds the exact value, not a binary float', () => {
    // 1.005 * 1 in floating point is 1.00499999999999989...
    expect(roundToOre(new Money('1.005')).toFixed(2)).toBe('1.01');
    expect((1.005).toFixed(2)).toBe('1.00');
  });

  it('rounds a third exactly once', () => {
    expect(formatSek(new Money(100).div(3))).toBe('33.33');
    expect(formatSek(new Money(200).div(3))).toBe('66.67');
  });

  it.each([
    ['15', '15'],
    ['0.5', '0.5'],
    ['0.46666666', '0.4667'],
    ['0.00001', '0'],
    ['-0.00001', '0'],
    ['2.00', '2'],
  ])('quantity %s shows as %s', (quantity, shown) => {
    expect(formatQuantity(new Money(quantity))).toBe(shown);
  });

  it.each([
    ['129.5', '129.50'],
    ['12', '12.00'],
    ['0.125', '0.125'],
  ])('unit price %s shows as %s', (price, shown) => {
    expect(formatUnitPrice(new Money(price))).toBe(shown);
  });
});
