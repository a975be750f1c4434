import { DeviceException } from './device.exception';
import { deviceTypeOfOs, DeviceStatus, DeviceStep, isBilled, nextStatus } from './device-lifecycle.rules';

describe('device lifecycle', () => {
  it.each<[DeviceStatus, DeviceStep, number, DeviceStatus]>([
    ['ORDERED', 'deliver', 0, 'ASSIGNED'],
    ['ORDERED', 'stock', 0, 'IN_STOCK'],
    ['IN_STOCK', 'assign', 0, 'ASSIGNED'],
    ['IN_STOCK', 'assign', 1, 'REASSIGNED'],
    ['REFURBISHED', 'assign', 2, 'REASSIGNED'],
    ['ASSIGNED', 'request-return', 1, 'RETURN_REQUESTED'],
    ['REASSIGNED', 'return', 2, 'RETURNED'],
    ['RETURN_REQUESTED', 'return', 1, 'RETURNED'],
    ['RETURNED', 'refurbish', 1, 'REFURBISHED'],
    ['REFURBISHED', 'stock', 1, 'IN_STOCK'],
    ['RETURNED', 'recycle', 1, 'RECYCLED'],
  ])('%s + %s (%d holders before) -> %s', (from, step, times, to) => {
    expect(nextStatus(from, step, times)).toBe(to);
  });

  it.each<[DeviceStatus, DeviceStep, string]>([
    ['ASSIGNED', 'recycle', 'a device that is ASSIGNED cannot be given the step "recycle"; allowed: request-return, return'],
    ['RECYCLED', 'assign', 'allowed: none (the device is out of use)'],
    ['RETURNED', 'assign', 'allowed: stock, refurbish, recycle'],
    ['IN_STOCK', 'refurbish', 'cannot be given the step "refurbish"'],
  ])('refuses %s + %s', (from, step, message) => {
    expect(() => nextStatus(from, step, 0)).toThrow(DeviceException);
    expect(() => nextStatus(from, step, 0)).toThrow(message);
  });

  it.each<[DeviceStatus, boolean]>([
    ['ASSIGNED', true],
    ['REASSIGNED', true],
    ['RETURN_REQUESTED', false],
    ['IN_STOCK', false],
    ['ORDERED', false],
  ])('%s is billed: %s', (status, billed) => {
    expect(isBilled(status)).toBe(billed);
  });

  it.each([
    ['Windows', 'PC'],
    ['macOS', 'PC'],
    ['iPadOS', 'IPAD'],
    ['iOS', 'MOBILE'],
    ['Android', 'MOBILE'],
    ['AndroidEnterprise', 'MOBILE'],
    ['Linux', undefined],
  ])('OS %s is a %s', (os, type) => {
    expect(deviceTypeOfOs(os)).toBe(type);
  });
});
