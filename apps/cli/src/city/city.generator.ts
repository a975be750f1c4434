// `itops city generate`: a synthetic city, reproducible from its seed. The same employees, seed
// and start date give byte-identical files; every draw comes from one seeded generator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliException, CliExceptionCode } from '../cli.exception';
import { accessRulesYaml, deviceFeesCsv, licenceCatalogueYaml } from './access-catalogue.generator';
import type { City, Customer, Employment, EmploymentForm } from './city.model';
import { isIsoDate } from './city-calendar.util';
import { writeCustomers, writeSnapshot } from './city-files.writer';
import { CUSTOMER_PROFILES } from './city-organisation.data';
import { buildOrganisation } from './city-organisation.generator';
import { PopulationBuilder } from './city-population.generator';
import { CityRandom } from './city-random.util';
import { compareText, employmentId, generateNextMonth, type NextMonth } from './next-month.generator';
import { priceListCsv } from './price-list.generator';

/** Ten times the design's 57,000 and more: the generator is linear, the limit only catches typos. */
export const MAX_EMPLOYEES = 2_000_000;
const FIRST_PERSON_NUMBER = 100_001;

export interface CityOptions {
  /** Persons on the staff (each has one employment or more). */
  readonly employees: number;
  readonly seed: string;
  /** The snapshot date, YYYY-MM-DD. */
  readonly start: string;
}

export interface GeneratedCity {
  readonly options: CityOptions;
  readonly city: City;
  readonly next: NextMonth;
}

export const CITY_FILES = {
  customers: 'customers.csv',
  priceList: 'price-list.csv',
  snapshot: 'hr-snapshot.csv',
  nextSnapshot: 'hr-snapshot-next.csv',
  changes: 'changes.json',
  accessRules: 'access-rules.yaml',
  licences: 'licences.yaml',
  deviceFees: 'device-fees.csv',
} as const;

export type CityFiles = Record<keyof typeof CITY_FILES, string>;

export function generateCity(options: CityOptions): GeneratedCity {
  checkOptions(options);
  const root = new CityRandom(`itops-city/${options.seed}`);
  const customers = buildOrganisation(root.fork('organisation'), options.employees, CUSTOMER_PROFILES);
  const population = new PopulationBuilder(root.fork('population'), options.start);
  population.staff(customers);
  population.addSecondEmployments(customers);

  // Person numbers in random order, so the head of a unit is not always the lowest number.
  const numbered = root.fork('numbering').shuffle([...population.persons]);
  numbered.forEach((person, index) => {
    person.number = String(FIRST_PERSON_NUMBER + index);
  });
  let nextNumber = FIRST_PERSON_NUMBER + numbered.length;
  for (const e of population.employments) e.id = employmentId(e.person, e.ordinal);
  const employments = [...population.employments].sort((a, b) => compareText(a.id, b.id));
  const persons = [...numbered];
  const city: City = { customers, persons, employments, date: options.start };

  const next = generateNextMonth(root.fork('next-month'), population, customers, () => String(nextNumber++));
  return { options, city, next };
}

/** Writes the city's files into `dir` (created if missing) and returns their paths. */
export function writeCity(dir: string, generated: GeneratedCity): CityFiles {
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries(Object.entries(CITY_FILES).map(([key, name]) => [key, join(dir, name)])) as CityFiles;
  writeCustomers(files.customers, generated.city.customers);
  writeFileSync(files.priceList, priceListCsv(Number(generated.options.start.slice(0, 4))));
  writeSnapshot(files.snapshot, generated.city.employments);
  writeSnapshot(files.nextSnapshot, generated.next.employments);
  writeFileSync(files.changes, `${JSON.stringify(generated.next.changes, null, 2)}\n`);
  writeFileSync(files.accessRules, accessRulesYaml());
  writeFileSync(files.licences, licenceCatalogueYaml(generated.city.customers, generated.options.start));
  writeFileSync(files.deviceFees, deviceFeesCsv());
  return files;
}

export interface CitySummary {
  seed: string;
  snapshotDate: string;
  customers: { total: number; administrations: number; companies: number };
  units: number;
  costCentres: number;
  persons: number;
  employments: number;
  personsWithSeveralEmployments: number;
  forms: Record<EmploymentForm, number>;
  protectedIdentities: number;
  coordinationNumbers: number;
  futureStarts: number;
  /** Persons with an employment that runs on the snapshot date: the accounts enabled that day. */
  personsActive: number;
  next: { snapshotDate: string; employments: number; joiners: number; movers: number; leavers: number; updated: number };
  files: CityFiles;
}

export function summariseCity(generated: GeneratedCity, files: CityFiles): CitySummary {
  const { city, next } = generated;
  const forms: Record<EmploymentForm, number> = { TV: 0, VI: 0, VIK: 0, TIM: 0 };
  const perPerson = new Map<string, number>();
  const active = new Set<string>();
  for (const e of city.employments) {
    forms[e.form] += 1;
    perPerson.set(e.person.number, (perPerson.get(e.person.number) ?? 0) + 1);
    if (runsOn(e, city.date)) active.add(e.person.number);
  }
  const isAdministration = (c: Customer) => c.type === 'forvaltning' || c.type === 'namnd';
  return {
    seed: generated.options.seed,
    snapshotDate: city.date,
    customers: {
      total: city.customers.length,
      administrations: city.customers.filter(isAdministration).length,
      companies: city.customers.filter((c) => !isAdministration(c)).length,
    },
    units: city.customers.reduce((sum, c) => sum + c.units.length, 0),
    costCentres: city.customers.reduce((sum, c) => sum + c.costCentres.length, 0),
    persons: city.persons.length,
    employments: city.employments.length,
    personsWithSeveralEmployments: [...perPerson.values()].filter((count) => count > 1).length,
    forms,
    protectedIdentities: city.persons.filter((p) => p.protectedIdentity).length,
    coordinationNumbers: city.persons.filter((p) => p.coordinationNumber).length,
    futureStarts: city.employments.filter((e) => e.startDate > city.date).length,
    personsActive: active.size,
    next: {
      snapshotDate: next.date,
      employments: next.employments.length,
      joiners: next.changes.joiners.length,
      movers: next.changes.movers.length,
      leavers: next.changes.leavers.length,
      updated: next.changes.updated.length,
    },
    files,
  };
}

/** The one-line summary the command prints. */
export function formatCitySummary(s: CitySummary): string {
  return (
    `city ${s.snapshotDate} (seed ${s.seed}): ${s.customers.total} customers, ${s.units} units, ${s.persons} persons, ` +
    `${s.employments} employments (${s.personsWithSeveralEmployments} persons with several, VIK ${s.forms.VIK}, TIM ${s.forms.TIM}, ` +
    `${s.protectedIdentities} protected, ${s.coordinationNumbers} samordningsnummer, ${s.futureStarts} future starts); ` +
    `next month ${s.next.snapshotDate}: ${s.next.joiners} joiners, ${s.next.movers} movers, ${s.next.leavers} leavers, ` +
    `${s.next.updated} updated; files in ${dirOf(s.files.customers)}`
  );
}

function runsOn(e: Employment, date: string): boolean {
  return e.startDate <= date && (e.endDate === null || e.endDate >= date);
}

function dirOf(path: string): string {
  return path.slice(0, path.length - CITY_FILES.customers.length - 1) || '.';
}

function checkOptions(options: CityOptions): void {
  if (!Number.isInteger(options.employees) || options.employees < 1 || options.employees > MAX_EMPLOYEES) {
    throw new CliException(
      CliExceptionCode.USAGE,
      `employees ${options.employees} is out of range; allowed: a whole number from 1 to ${MAX_EMPLOYEES}`,
    );
  }
  if (options.seed === '') throw new CliException(CliExceptionCode.USAGE, 'seed is empty; give any text or number, e.g. 1');
  if (!isIsoDate(options.start)) {
    throw new CliException(CliExceptionCode.USAGE, `start '${options.start}' is not a date; allowed: a calendar date YYYY-MM-DD`);
  }
}
