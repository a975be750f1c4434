import Personnummer from 'personnummer';
import { CityRandom } from './city-random.util';
import { formatPersonnummer, luhnCheckDigit, PersonnummerGenerator } from './personnummer.generator';

/** Coordination numbers (day + 60) are valid identities in an HR export; interim numbers are not. */
const PNR_OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

describe('personnummer for the synthetic staff', () => {
  it.each([
    // Skatteverket's worked example 640823-323(4), and numbers checked with the personnummer package.
    ['640823323', 4],
    ['811218987', 6],
    ['900101001', 7],
  ])('the check digit of %s is %i', (digits, check) => {
    expect(luhnCheckDigit(digits)).toBe(check);
  });

  it.each([
    ['1964-08-23', 323, false, '19640823-3234'],
    ['1990-01-01', 1, false, '19900101-0017'],
    ['1990-01-01', 1, true, '19900161-0014'],
  ])('writes %s with birth number %i (samordningsnummer: %s) as %s', (birthDate, birthNumber, coordination, expected) => {
    const written = formatPersonnummer(birthDate, birthNumber, coordination);
    expect(written).toBe(expected);
    expect(Personnummer.valid(written, PNR_OPTIONS)).toBe(true);
    expect(Personnummer.parse(written, PNR_OPTIONS).isCoordinationNumber()).toBe(coordination);
  });

  it('hands out distinct, valid numbers whose birth number matches the sex, for working ages', () => {
    const generator = new PersonnummerGenerator(new CityRandom('pnr'), '2026-11-22');
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const sex = i % 3 === 0 ? 'M' : 'F';
      const { personnummer, birthDate } = generator.next(sex, i % 100 === 0);
      expect(seen.has(personnummer)).toBe(false);
      seen.add(personnummer);
      const parsed = Personnummer.parse(personnummer, PNR_OPTIONS);
      expect(sex === 'M' ? parsed.isMale() : parsed.isFemale()).toBe(true);
      expect(parsed.isCoordinationNumber()).toBe(i % 100 === 0);
      expect(birthDate >= '1958-11-22' && birthDate <= '2008-11-22').toBe(true);
    }
  });
});
