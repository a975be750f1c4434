import Personnummer from 'personnummer';
import { personnummerFor } from './personnummer';

describe('personnummerFor', () => {
  it.each([
    ['19850709', 980, '198507099805'],
    ['19121212', 121, '191212121212'],
  ])('gives %s-%d the check digit %s', (birthDate, serial, expected) => {
    expect(personnummerFor(birthDate, serial)).toBe(expected);
  });

  it('always gives numbers the personnummer library accepts', () => {
    for (let serial = 1; serial < 1000; serial += 37) expect(Personnummer.valid(personnummerFor('19700101', serial))).toBe(true);
  });
});
