// The next month's snapshot of the same city: what HR's next export would show. A month brings
// joiners (about 1.5 % of the employments: new staff, and some existing staff taking a second
// job), movers (about 1 %: another unit, area, customer or job, same anstallningsnr), leavers
// (about 1.2 %: an end date set within the month, or the row gone from the export) and a few
// plain updates (a new surname after marriage, a changed rate, a fixed term extended).
// Heads of units are left in place so every chef_anstallningsnr still names someone.
// Each employment changes in at most one way, and changes.json says which: hr-feed's diff of
// the two files has to find exactly these.
import type { Customer, Employment, OrgUnit, Person } from './city.model';
import { addDays, addMonths, dayNumber } from './city-calendar.util';
import { CityRandom, WeightedTable } from './city-random.util';
import { PopulationBuilder, shareCount } from './city-population.generator';
import { PersonNameGenerator } from './person-name.generator';

export const JOINER_SHARE = 0.015;
export const MOVER_SHARE = 0.01;
export const LEAVER_SHARE = 0.012;
export const UPDATE_SHARE = 0.003;
/** Joiners who are already on the staff and take a second employment. */
const EXISTING_PERSON_JOINER_SHARE = 0.15;
/** Leavers whose row HR drops from the export rather than giving it an end date. */
const REMOVED_LEAVER_SHARE = 0.4;
/** Movers to another customer (the rest move within their customer). */
const OTHER_CUSTOMER_MOVER_SHARE = 0.3;

export type LeaverReason = 'END_DATE_SET' | 'REMOVED_FROM_SNAPSHOT';

/** Snapshot columns, as changes.json names the fields that changed. */
export type SnapshotField =
  | 'fornamn'
  | 'efternamn'
  | 'organisationskod'
  | 'enhetskod'
  | 'enhetsnamn'
  | 'ansvar'
  | 'befattningskod'
  | 'befattning'
  | 'sysselsattningsgrad'
  | 'slutdatum'
  | 'chef_anstallningsnr';

export interface PlaceInfo {
  organisationskod: string;
  enhetskod: string;
  ansvar: string;
  befattningskod: string;
}

/** changes.json: exactly how hr-snapshot-next.csv differs from hr-snapshot.csv. */
export interface NextMonthChanges {
  snapshotDate: string;
  nextSnapshotDate: string;
  joiners: { anstallningsnr: string; newPerson: boolean; startdatum: string }[];
  movers: { anstallningsnr: string; from: PlaceInfo; to: PlaceInfo; fields: SnapshotField[] }[];
  leavers: { anstallningsnr: string; reason: LeaverReason; slutdatum: string | null }[];
  updated: { anstallningsnr: string; fields: SnapshotField[] }[];
}

export interface NextMonth {
  readonly date: string;
  readonly employments: Employment[];
  readonly newPersons: Person[];
  readonly changes: NextMonthChanges;
}

export function generateNextMonth(random: CityRandom, population: PopulationBuilder, customers: readonly Customer[], nextPersonNumber: () => string): NextMonth {
  const today = population.today;
  const nextDate = addMonths(today, 1);
  const before = population.employments;
  const total = before.length;
  const changed = new Set<Employment>();
  const replaced = new Map<Employment, Employment | null>();
  const changes: NextMonthChanges = { snapshotDate: today, nextSnapshotDate: nextDate, joiners: [], movers: [], leavers: [], updated: [] };

  const leafUnits = customers.flatMap((customer) => customer.units.filter((unit) => unit.level === 'unit' && unit.head !== null));
  const cityUnits = new WeightedTable(leafUnits.map((unit) => [unit, unit.size] as const));
  const unitsByCustomer = new Map<Customer, OrgUnit[]>();
  for (const unit of leafUnits) unitsByCustomer.set(unit.customer, [...(unitsByCustomer.get(unit.customer) ?? []), unit]);
  const employmentsOf = new Map<Person, Employment[]>();
  for (const e of before) employmentsOf.set(e.person, [...(employmentsOf.get(e.person) ?? []), e]);

  // Staff who have started and are not ending this month anyway: the ones a month can change.
  const settled = before.filter((e) => e.role === 'staff' && e.startDate <= today && (e.endDate === null || e.endDate > nextDate));

  // Leavers
  const leavers = random.sample(settled, shareCount(total, LEAVER_SHARE));
  for (const e of leavers) {
    changed.add(e);
    if (e.endDate === null && !random.chance(REMOVED_LEAVER_SHARE)) {
      const endDate = addDays(today, random.int(1, dayNumber(nextDate) - dayNumber(today)));
      replaced.set(e, { ...e, endDate });
      changes.leavers.push({ anstallningsnr: e.id, reason: 'END_DATE_SET', slutdatum: endDate });
    } else {
      replaced.set(e, null);
      changes.leavers.push({ anstallningsnr: e.id, reason: 'REMOVED_FROM_SNAPSHOT', slutdatum: null });
    }
  }

  // Movers
  const moverCandidates = settled.filter((e) => !changed.has(e) && e.unit.level === 'unit');
  for (const e of random.sample(moverCandidates, shareCount(total, MOVER_SHARE))) {
    const ownUnits = new Set((employmentsOf.get(e.person) ?? []).map((other) => other.unit));
    const sameCustomer = (unitsByCustomer.get(e.unit.customer) ?? []).filter((unit) => !ownUnits.has(unit));
    const unit =
      sameCustomer.length > 0 && !random.chance(OTHER_CUSTOMER_MOVER_SHARE) ? random.pick(sameCustomer) : pickOther(random, cityUnits, ownUnits);
    if (unit === null) continue;
    const jobs = population.jobTable(unit.kind);
    const keepsJob = unit.kind.staff.some(([job]) => job === e.job) && !random.chance(0.2);
    const moved: Employment = { ...e, unit, job: keepsJob ? e.job : jobs.pick(random), manager: unit.head };
    changed.add(e);
    replaced.set(e, moved);
    changes.movers.push({ anstallningsnr: e.id, from: placeOf(e), to: placeOf(moved), fields: fieldsChanged(e, moved) });
  }

  // Updates: a new surname (every employment of the person), a changed rate, a fixed term extended.
  const names = new PersonNameGenerator(random.fork('names'));
  const updateCandidates = settled.filter((e) => !changed.has(e));
  for (const e of random.sample(updateCandidates, shareCount(total, UPDATE_SHARE))) {
    if (changed.has(e)) continue;
    const siblings = employmentsOf.get(e.person) ?? [e];
    const kind = random.int(1, 3);
    if (kind === 1 && siblings.every((s) => !changed.has(s))) {
      const person: Person = { ...e.person, surname: names.marriedSurname(e.person.surname) };
      for (const s of siblings) {
        changed.add(s);
        replaced.set(s, { ...s, person });
        changes.updated.push({ anstallningsnr: s.id, fields: ['efternamn'] });
      }
    } else if (kind === 2 && (e.form === 'TV' || e.form === 'VI') && e.rate < 100) {
      changed.add(e);
      replaced.set(e, { ...e, rate: Math.min(100, e.rate + random.pick([5, 10, 15, 20, 25])) });
      changes.updated.push({ anstallningsnr: e.id, fields: ['sysselsattningsgrad'] });
    } else if (e.endDate !== null) {
      changed.add(e);
      replaced.set(e, { ...e, endDate: addMonths(e.endDate, random.int(3, 6)) });
      changes.updated.push({ anstallningsnr: e.id, fields: ['slutdatum'] });
    } else if ((e.form === 'TV' || e.form === 'VI') && e.rate > 50) {
      changed.add(e);
      replaced.set(e, { ...e, rate: e.rate - random.pick([5, 10, 20, 25].filter((step) => step < e.rate)) });
      changes.updated.push({ anstallningsnr: e.id, fields: ['sysselsattningsgrad'] });
    }
  }

  // Joiners: new staff starting between the two snapshots or soon after, and second jobs.
  const employments: Employment[] = [];
  for (const e of before) {
    const next = replaced.has(e) ? replaced.get(e) : e;
    if (next) employments.push(next);
  }
  const newPersons: Person[] = [];
  const ordinals = new Map<Person, number>();
  const existing = settled.filter((e) => !changed.has(e) && e.ordinal === 1 && (employmentsOf.get(e.person) ?? []).length === 1);
  const joinerCount = shareCount(total, JOINER_SHARE);
  const joinerDays = dayNumber(nextDate) - dayNumber(today) + 30;
  for (let i = 0; i < joinerCount; i += 1) {
    const unit = cityUnits.size > 0 ? cityUnits.pick(random) : null;
    if (unit === null) break;
    const reuse = existing.length > 0 && random.chance(EXISTING_PERSON_JOINER_SHARE) ? random.pick(existing) : null;
    const person = reuse && reuse.unit !== unit && !ordinals.has(reuse.person) ? reuse.person : population.newPerson();
    const newPerson = person !== reuse?.person;
    if (newPerson) {
      person.number = nextPersonNumber();
      newPersons.push(person);
    }
    const ordinal = newPerson ? 1 : (ordinals.get(person) ?? 1) + 1;
    ordinals.set(person, ordinal);
    const terms = population.staffTerms(unit.kind, person, 0);
    const startDate = addDays(today, random.int(1, joinerDays));
    // A second employment is hourly: the person already has a job.
    const form = newPerson ? terms.form : 'TIM';
    const endDate = terms.endDate !== null && terms.endDate < startDate ? addDays(startDate, random.int(30, 180)) : terms.endDate;
    const joiner: Employment = {
      id: employmentId(person, ordinal),
      person,
      unit,
      job: population.jobTable(unit.kind).pick(random),
      role: 'staff',
      form,
      rate: form === 'TIM' ? 0 : terms.rate,
      startDate,
      endDate: form === 'TV' ? null : endDate,
      manager: unit.head,
      ordinal,
    };
    employments.push(joiner);
    changes.joiners.push({ anstallningsnr: joiner.id, newPerson, startdatum: startDate });
  }

  for (const list of [changes.joiners, changes.movers, changes.leavers, changes.updated]) {
    list.sort((a, b) => compareText(a.anstallningsnr, b.anstallningsnr));
  }
  employments.sort((a, b) => compareText(a.id, b.id));
  return { date: nextDate, employments, newPersons, changes };
}

export function employmentId(person: Person, ordinal: number): string {
  return `${person.number}-${String(ordinal).padStart(2, '0')}`;
}

function pickOther(random: CityRandom, units: WeightedTable<OrgUnit>, avoid: ReadonlySet<OrgUnit>): OrgUnit | null {
  for (let tries = 0; tries < 20; tries += 1) {
    const unit = units.pick(random);
    if (!avoid.has(unit)) return unit;
  }
  return null;
}

function placeOf(e: Employment): PlaceInfo {
  return { organisationskod: e.unit.customer.code, enhetskod: e.unit.code, ansvar: e.unit.costCentre, befattningskod: e.job.code };
}

function fieldsChanged(before: Employment, after: Employment): SnapshotField[] {
  const fields: [SnapshotField, (e: Employment) => string][] = [
    ['organisationskod', (e) => e.unit.customer.code],
    ['enhetskod', (e) => e.unit.code],
    ['enhetsnamn', (e) => e.unit.name],
    ['ansvar', (e) => e.unit.costCentre],
    ['befattningskod', (e) => e.job.code],
    ['befattning', (e) => e.job.title],
    ['chef_anstallningsnr', (e) => e.manager?.id ?? ''],
  ];
  return fields.filter(([, value]) => value(before) !== value(after)).map(([field]) => field);
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
