// The staff: one person per planned place in the organisation, the heads first, then a share of
// them with a second employment elsewhere. Employment forms, rates and dates follow the area's
// kind (area-kinds.data.ts); the shares of the whole city are set here.
import { JOBS } from './area-kinds.data';
import type { AreaKind, Customer, CustomerType, Employment, EmploymentForm, EmploymentRole, Job, OrgUnit, Person, Sex } from './city.model';
import { addDays } from './city-calendar.util';
import { CityRandom, WeightedTable } from './city-random.util';
import { PersonNameGenerator } from './person-name.generator';
import { PersonnummerGenerator } from './personnummer.generator';

/** Persons with a second employment (a weekend shift elsewhere, a second school, an hourly job). */
export const SECOND_EMPLOYMENT_SHARE = 0.08;
/** Persons with skyddad identitet (protected personal details), about 1 in 1,000. */
export const PROTECTED_SHARE = 0.001;
/** Persons with a samordningsnummer instead of a personnummer. */
export const COORDINATION_SHARE = 0.003;
/** Staff hired already but starting within the next four weeks (their accounts are prepared ahead). */
const FUTURE_START_SHARE = 0.006;
/** Second employments at another customer rather than another unit of the same one. */
const OTHER_CUSTOMER_SHARE = 0.45;

const FEMALE_SHARE = 0.7;
const YEAR = 365;

const DIRECTOR: Readonly<Record<CustomerType, Job>> = {
  forvaltning: JOBS.director,
  namnd: JOBS.boardSecretaryHead,
  bolag: JOBS.ceo,
  forbund: JOBS.federationDirector,
};

/** How long permanent staff have been employed: many newcomers, a long tail of decades. */
const TENURE_BANDS = new WeightedTable<readonly [number, number]>([
  [[0, YEAR], 18],
  [[YEAR, 5 * YEAR], 30],
  [[5 * YEAR, 15 * YEAR], 32],
  [[15 * YEAR, 40 * YEAR], 20],
]);
const SECOND_FORMS = new WeightedTable<EmploymentForm>([
  ['TIM', 50],
  ['VIK', 20],
  ['VI', 10],
  ['TV', 20],
]);
const SECOND_RATES = [10, 20, 25, 30, 40, 50];

interface Terms {
  form: EmploymentForm;
  rate: number;
  startDate: string;
  endDate: string | null;
}

/** A count from a share: rounded, and at least one once the city is big enough to expect one. */
export function shareCount(total: number, share: number): number {
  return Math.max(Math.round(total * share), total * share >= 0.1 ? 1 : 0);
}

export class PopulationBuilder {
  readonly persons: Person[] = [];
  readonly employments: Employment[] = [];
  private readonly names: PersonNameGenerator;
  private readonly personnummer: PersonnummerGenerator;
  private readonly formTables = new Map<AreaKind, WeightedTable<EmploymentForm>>();
  private readonly rateTables = new Map<AreaKind, WeightedTable<number>>();
  private readonly jobTables = new Map<AreaKind, WeightedTable<Job>>();
  private protectedPersons = new Set<number>();
  private coordinationPersons = new Set<number>();

  constructor(
    private readonly random: CityRandom,
    readonly today: string,
  ) {
    this.names = new PersonNameGenerator(random.fork('names'));
    this.personnummer = new PersonnummerGenerator(random.fork('personnummer'), today);
  }

  /** Staffs every unit of the customers with exactly as many persons as planned. */
  staff(customers: readonly Customer[]): void {
    const planned = customers.reduce((sum, customer) => sum + customer.headcount, 0);
    this.protectedPersons = new Set(this.random.sample(range(planned), shareCount(planned, PROTECTED_SHARE)));
    this.coordinationPersons = new Set(this.random.sample(range(planned), shareCount(planned, COORDINATION_SHARE)));
    for (const customer of customers) {
      for (const unit of customer.units) this.staffUnit(unit);
    }
  }

  /** Gives a share of the staff a second, smaller employment at another unit. */
  addSecondEmployments(customers: readonly Customer[]): void {
    const leafUnits = customers.flatMap((customer) => customer.units.filter((unit) => unit.level === 'unit' && unit.head !== null));
    if (leafUnits.length < 2) return;
    const cityUnits = new WeightedTable(leafUnits.map((unit) => [unit, unit.size] as const));
    const unitsOf = new Map(customers.map((customer) => [customer, new WeightedTable(leafUnits.filter((u) => u.customer === customer).map((u) => [u, u.size] as const))]));
    const candidates = this.employments.filter((e) => e.role === 'staff' && e.startDate <= this.today);
    const chosen = this.random.sample(candidates, shareCount(this.persons.length, SECOND_EMPLOYMENT_SHARE));
    for (const primary of chosen) {
      const own = unitsOf.get(primary.unit.customer);
      const sameCustomer = own !== undefined && own.size > 1 && !this.random.chance(OTHER_CUSTOMER_SHARE);
      let unit = (sameCustomer ? own : cityUnits).pick(this.random);
      for (let tries = 0; unit === primary.unit && tries < 10; tries += 1) unit = cityUnits.pick(this.random);
      if (unit === primary.unit) continue;
      this.employments.push({
        id: '',
        person: primary.person,
        unit,
        job: this.jobTable(unit.kind).pick(this.random),
        role: 'staff',
        ...this.secondTerms(primary),
        manager: unit.head,
        ordinal: 2,
      });
    }
  }

  /** A new person with a name, sex and personnummer. */
  newPerson(): Person {
    const index = this.persons.length;
    const sex: Sex = this.random.chance(FEMALE_SHARE) ? 'F' : 'M';
    const name = this.names.next(sex);
    const coordination = this.coordinationPersons.has(index);
    const birth = this.personnummer.next(sex, coordination);
    const person: Person = {
      number: '',
      personnummer: birth.personnummer,
      birthDate: birth.birthDate,
      sex,
      givenName: name.givenName,
      surname: name.surname,
      protectedIdentity: this.protectedPersons.has(index),
      coordinationNumber: coordination,
    };
    this.persons.push(person);
    return person;
  }

  /** Terms for a staff member of a unit of this kind, as hired on or before today (or soon after). */
  staffTerms(kind: AreaKind, person: Person, futureShare = FUTURE_START_SHARE): Terms {
    const random = this.random;
    const form = this.formTable(kind).pick(random);
    const rate = form === 'TIM' ? 0 : form === 'VIK' ? random.pick([100, 100, 100, 75, 50]) : this.rateTable(kind).pick(random);
    let startDate: string;
    if (random.chance(futureShare)) startDate = addDays(this.today, random.int(1, 28));
    else if (form === 'TV') startDate = addDays(this.today, -this.tenure(TENURE_BANDS.pick(random)));
    else if (form === 'VI') startDate = addDays(this.today, -random.int(0, 330));
    else if (form === 'VIK') startDate = addDays(this.today, -random.int(0, 270));
    else startDate = addDays(this.today, -random.int(0, 4 * YEAR));
    startDate = notBeforeAdulthood(startDate, person);
    return { form, rate, startDate, endDate: this.endDate(form, startDate) };
  }

  jobTable(kind: AreaKind): WeightedTable<Job> {
    return cached(this.jobTables, kind, () => new WeightedTable(kind.staff));
  }

  private staffUnit(unit: OrgUnit): void {
    if (unit.size === 0) return;
    const head = this.hire(unit, this.headJob(unit), headRole(unit), this.headTerms(), unit.parent?.head ?? null);
    unit.head = head;
    for (let i = 1; i < unit.size; i += 1) {
      const person = this.newPerson();
      this.employ(person, unit, this.jobTable(unit.kind).pick(this.random), 'staff', this.staffTerms(unit.kind, person), head, 1);
    }
  }

  private hire(unit: OrgUnit, job: Job, role: EmploymentRole, terms: (person: Person) => Terms, manager: Employment | null): Employment {
    const person = this.newPerson();
    return this.employ(person, unit, job, role, terms(person), manager, 1);
  }

  private employ(person: Person, unit: OrgUnit, job: Job, role: EmploymentRole, terms: Terms, manager: Employment | null, ordinal: number): Employment {
    const employment: Employment = { id: '', person, unit, job, role, ...terms, manager, ordinal };
    this.employments.push(employment);
    return employment;
  }

  private headJob(unit: OrgUnit): Job {
    if (unit.level === 'area') return JOBS.areaHead;
    if (unit.level === 'unit') return unit.kind.head;
    return unit.customer.code === 'K171' ? JOBS.cityDirector : DIRECTOR[unit.customer.type];
  }

  /** Heads are permanent, full-time and have been in the organisation a while. */
  private headTerms(): (person: Person) => Terms {
    return (person) => ({
      form: 'TV',
      rate: 100,
      startDate: notBeforeAdulthood(addDays(this.today, -this.random.int(2 * YEAR, 25 * YEAR)), person),
      endDate: null,
    });
  }

  /** A second employment is smaller than the first: hourly, or a rate that fits beside it. */
  private secondTerms(primary: Employment): Terms {
    const random = this.random;
    let form = SECOND_FORMS.pick(random);
    let rate = form === 'TIM' ? 0 : random.pick(SECOND_RATES);
    if (form !== 'TIM' && (rate > 100 - primary.rate || rate >= primary.rate)) {
      const room = Math.min(100 - primary.rate, primary.rate - 5);
      const fitting = SECOND_RATES.filter((candidate) => candidate <= room);
      if (fitting.length === 0) {
        form = 'TIM';
        rate = 0;
      } else {
        rate = random.pick(fitting);
      }
    }
    const startDate = addDays(this.today, -random.int(0, form === 'TV' ? 6 * YEAR : 2 * YEAR));
    const earliest = primary.startDate;
    const start = startDate < earliest ? earliest : startDate;
    return { form, rate, startDate: start, endDate: this.endDate(form, start) };
  }

  private endDate(form: EmploymentForm, startDate: string): string | null {
    const random = this.random;
    const atLeast = (date: string, floor: string): string => (date < floor ? floor : date);
    switch (form) {
      case 'TV':
        return null;
      case 'VI': {
        const end = addDays(startDate, random.int(180, 540));
        return end <= this.today ? addDays(this.today, random.int(14, 120)) : end;
      }
      case 'VIK':
        return atLeast(addDays(this.today, random.int(7, 200)), addDays(startDate, random.int(7, 60)));
      case 'TIM':
        return random.chance(0.35) ? atLeast(addDays(this.today, random.int(30, 300)), addDays(startDate, 30)) : null;
    }
  }

  private tenure([min, max]: readonly [number, number]): number {
    return this.random.int(min, max);
  }

  private formTable(kind: AreaKind): WeightedTable<EmploymentForm> {
    return cached(this.formTables, kind, () => new WeightedTable(Object.entries(kind.forms) as [EmploymentForm, number][]));
  }

  private rateTable(kind: AreaKind): WeightedTable<number> {
    return cached(this.rateTables, kind, () => new WeightedTable(kind.rates));
  }
}

function headRole(unit: OrgUnit): EmploymentRole {
  return unit.level === 'root' ? 'director' : unit.level === 'area' ? 'area-head' : 'unit-head';
}

/** Nobody was employed before turning 18. */
function notBeforeAdulthood(startDate: string, person: Person): string {
  const [year, month, day] = person.birthDate.split('-');
  const adult = `${Number(year) + 18}-${month}-${day === '29' && month === '02' ? '28' : day}`;
  return startDate < adult ? adult : startDate;
}

function cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
