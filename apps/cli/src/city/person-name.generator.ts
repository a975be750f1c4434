import type { Sex } from './city.model';
import { CityRandom, WeightedTable } from './city-random.util';
import { FOREIGN_ORIGINS, NOBLE_SURNAMES, SWEDISH_GIVEN, SWEDISH_SURNAMES } from './person-names.data';

export interface PersonName {
  /** fornamn: all given names, as HR registers them ("Anna Maria"). */
  readonly givenName: string;
  readonly surname: string;
  /** Whether the name is of an origin outside the Nordic countries (samordningsnummer are likelier). */
  readonly foreignOrigin: boolean;
}

/** About one in six of the city's staff carry a name of an origin outside Sweden. */
const FOREIGN_SHARE = 0.17;
/** HR lists every given name; a second one is common among Swedish names. */
const SECOND_GIVEN_SHARE = 0.14;
const DOUBLE_SURNAME_SHARE = 0.045;
const NOBLE_SHARE = 0.003;
/** A foreign given name with a Swedish surname or the other way round (marriage, adoption). */
const MIXED_SHARE = 0.12;

/** Draws Swedish-register-like names: frequent names often, rare ones sometimes. */
export class PersonNameGenerator {
  private readonly swedishGiven: Record<Sex, WeightedTable<string>>;
  private readonly swedishSurnames = WeightedTable.byRank(SWEDISH_SURNAMES, 10);
  private readonly origins = new WeightedTable(FOREIGN_ORIGINS.map((origin) => [origin, origin.weight] as const));

  constructor(private readonly random: CityRandom) {
    this.swedishGiven = { F: WeightedTable.byRank(SWEDISH_GIVEN.F, 10), M: WeightedTable.byRank(SWEDISH_GIVEN.M, 10) };
  }

  next(sex: Sex): PersonName {
    const random = this.random;
    if (random.chance(FOREIGN_SHARE)) {
      const origin = this.origins.pick(random);
      const given = random.pick(origin.given[sex]);
      const surname = random.chance(MIXED_SHARE) ? this.swedishSurname() : random.pick(origin.surnames);
      return { givenName: given, surname, foreignOrigin: true };
    }
    let givenName = this.swedishGiven[sex].pick(random);
    if (random.chance(SECOND_GIVEN_SHARE)) {
      const second = this.swedishGiven[sex].pick(random);
      if (second !== givenName) givenName = `${givenName} ${second}`;
    }
    if (random.chance(MIXED_SHARE * FOREIGN_SHARE)) {
      return { givenName, surname: random.pick(this.origins.pick(random).surnames), foreignOrigin: false };
    }
    return { givenName, surname: this.swedishSurname(), foreignOrigin: false };
  }

  /** A new surname on marriage: often the partner's, sometimes both joined with a hyphen. */
  marriedSurname(current: string): string {
    const partner = this.swedishSurname();
    if (partner === current) return `${current}-${this.swedishSurnames.pick(this.random)}`;
    return this.random.chance(0.35) ? `${current}-${partner}` : partner;
  }

  private swedishSurname(): string {
    const random = this.random;
    if (random.chance(NOBLE_SHARE)) return random.pick(NOBLE_SURNAMES);
    const first = this.swedishSurnames.pick(random);
    if (random.chance(DOUBLE_SURNAME_SHARE)) {
      const second = this.swedishSurnames.pick(random);
      if (second !== first) return `${first}-${second}`;
    }
    return first;
  }
}
