import { loadConfig } from '@itops/shared/config';
import { meteringConfigSchema } from './metering.config';

const load = (env: Record<string, string>) => loadConfig(meteringConfigSchema, { ITOPS_PG_DATABASE: 'itops_metering', ...env });

describe('metering config: which licences and devices are metered as which offering', () => {
  it('meters a PC as KST-PC and every licence as its product code by default', () => {
    const config = load({});
    expect([...config.ITOPS_METERING_DEVICE_OFFERINGS]).toEqual([['PC', 'KST-PC']]);
    expect([...config.ITOPS_METERING_LICENCE_OFFERINGS]).toEqual([]);
  });

  it.each([
    ['PC=KST-PC,IPAD=KST-IPAD', [['PC', 'KST-PC'], ['IPAD', 'KST-IPAD']]],
    [' PC = KST-PC , MOBILE=KST-MOBIL ', [['PC', 'KST-PC'], ['MOBILE', 'KST-MOBIL']]],
    ['', []],
  ])('reads %j as pairs', (text, pairs) => {
    expect([...load({ ITOPS_METERING_DEVICE_OFFERINGS: text }).ITOPS_METERING_DEVICE_OFFERINGS]).toEqual(pairs);
  });

  it.each([
    ['PC', 'no offering'],
    ['PC=KST-PC=X', 'two ='],
    ['PC=kst-pc', 'a lower-case offering'],
    ['PC=KST-PC,', 'an empty pair'],
    ['PC=A', 'an offering of one character'],
  ])('refuses %j (%s), naming the variable and the pair', (text) => {
    expect(() => load({ ITOPS_METERING_LICENCE_OFFERINGS: text })).toThrow(/ITOPS_METERING_LICENCE_OFFERINGS.*is not CODE=OFFERING/s);
  });

  it.each([
    [{}, 200],
    [{ ITOPS_METERING_CONSUMER_BATCH_SIZE: '1' }, 1],
    [{ ITOPS_METERING_CONSUMER_BATCH_SIZE: '1000' }, 1000],
  ])('handles %j events of a partition per transaction: %d', (env, size) => {
    expect(load(env).ITOPS_METERING_CONSUMER_BATCH_SIZE).toBe(size);
  });

  it.each(['0', '1001', '2.5', 'many'])('refuses a consumer batch size of %j, naming the variable', (text) => {
    expect(() => load({ ITOPS_METERING_CONSUMER_BATCH_SIZE: text })).toThrow(/ITOPS_METERING_CONSUMER_BATCH_SIZE/);
  });
});
