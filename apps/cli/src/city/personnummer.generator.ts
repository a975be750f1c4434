// Valid Swedish personal identity numbers for the synthetic staff: birth date, a three-digit
// birth number whose last digit is odd for men and even for women, and the Luhn check digit
// (Skatteverket's modulus-10 with weights 2 and 1). A samordningsnummer (coordination number,
// for people not registered as residents) is the same with the day of birth + 60.
// The numbers are random: any of them may belong to a real person, so the files are test data
// for test systems only, as any HR extract is.
import type { Sex } from './city.model';
import { addDays, isoDateOf, dayNumber } from './city-calendar.util';
import { CityRandom, WeightedTable } from './city-random.util';

/** The Luhn check digit of the ten digits YYMMDDNNN (without century). */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i += 1) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** YYYYMMDD-NNNC for a birth date (YYYY-MM-DD) and birth number 1-999. */
export function formatPersonnummer(birthDate: string, birthNumber: number, coordination: boolean): string {
  const [year, month, day] = birthDate.split('-');
  const shownDay = String(Number(day) + (coordination ? 60 : 0)).padStart(2, '0');
  const serial = String(birthNumber).padStart(3, '0');
  const check = luhnCheckDigit(`${year.slice(2)}${month}${shownDay}${serial}`);
  return `${year}${month}${shownDay}-${serial}${check}`;
}

/** Ages of municipal staff: few under 20 or over 65, most between 25 and 62. */
const AGE_BANDS = new WeightedTable<readonly [number, number]>([
  [[18, 19], 1.5],
  [[20, 24], 6],
  [[25, 34], 22],
  [[35, 44], 25],
  [[45, 54], 25],
  [[55, 64], 19.5],
  [[65, 67], 1],
]);

export interface Birth {
  readonly personnummer: string;
  readonly birthDate: string;
}

/** Hands out distinct personnummer: no two persons in a city share one. */
export class PersonnummerGenerator {
  private readonly used = new Set<string>();

  constructor(
    private readonly random: CityRandom,
    private readonly today: string,
  ) {}

  next(sex: Sex, coordination: boolean): Birth {
    for (;;) {
      const [minAge, maxAge] = AGE_BANDS.pick(this.random);
      const age = this.random.int(minAge, maxAge);
      // A birthday spread over the year of that age: born between age+1 years and age years ago.
      const youngest = dayNumber(addDays(this.today, -Math.round(age * 365.25)));
      const birthDate = isoDateOf(youngest - this.random.int(0, 364));
      const lastDigit = sex === 'M' ? 2 * this.random.int(0, 4) + 1 : 2 * this.random.int(0, 4);
      const birthNumber = this.random.int(0, 99) * 10 + lastDigit;
      if (birthNumber === 0) continue;
      const personnummer = formatPersonnummer(birthDate, birthNumber, coordination);
      if (this.used.has(personnummer)) continue;
      this.used.add(personnummer);
      return { personnummer, birthDate };
    }
  }
}
