// The customers and their unit trees, sized to the staff they will hold. Each customer is a
// tree of three levels, as HR systems keep it: the root (ledning och stab, with the director),
// areas (verksamhetsområden, each with a verksamhetschef and its own cost centre) and units
// (enheter: a home-care group, a preschool, a school) with an enhetschef or rektor at the head.
// Unit codes show the tree (N138-03-07 is unit 7 of area 3 of N138), so a rule over an
// organisation subtree is a prefix.
import { areaKind } from './area-kinds.data';
import type { AreaKind, Customer, CustomerProfile, CustomerType, OrgUnit } from './city.model';
import { DISTRICT_NAMES, DISTRICTS } from './city-organisation.data';
import { CityRandom, WeightedTable } from './city-random.util';

/** A customer smaller than this is one unit: the director and everyone else in the root. */
const SINGLE_UNIT_BELOW = 30;
/** Share of a larger customer's staff in the root (stab: HR, finance, communication, IT). */
const ROOT_SHARE = 0.025;

const ROOT_NAME: Readonly<Record<CustomerType, string>> = {
  forvaltning: 'Förvaltningsledning och stab',
  namnd: 'Kansli',
  bolag: 'Ledning och stab',
  forbund: 'Förbundsledning och stab',
};

/** Splits `total` by weight into whole numbers that add up to it (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    counts[index] += 1;
    left -= 1;
  }
  return counts;
}

export function buildOrganisation(random: CityRandom, persons: number, profiles: readonly CustomerProfile[]): Customer[] {
  const headcounts = apportion(persons, profiles.map((profile) => profile.weight));
  return profiles.map((profile, index) => buildCustomer(random, profile, headcounts[index]));
}

function buildCustomer(random: CityRandom, profile: CustomerProfile, headcount: number): Customer {
  const digits = profile.code.slice(1);
  const customer: Customer = { profile, code: profile.code, name: profile.name, type: profile.type, costCentres: [], units: [], headcount };
  const kinds = new WeightedTable(profile.kinds.map(([key, weight]) => [areaKind(key), weight] as const));
  const mainKind = areaKind(profile.kinds[0][0]);
  const single = headcount < SINGLE_UNIT_BELOW;
  const names = new UnitNames();

  const rootSize = single ? headcount : Math.max(2, Math.round(headcount * ROOT_SHARE));
  const rootCostCentre = `${digits}00`;
  customer.costCentres.push(rootCostCentre);
  const root: OrgUnit = {
    code: `${profile.code}-00`,
    name: names.unique(ROOT_NAME[profile.type]),
    level: 'root',
    customer,
    parent: null,
    costCentre: rootCostCentre,
    kind: single ? mainKind : areaKind('administration'),
    size: rootSize,
    head: null,
  };
  customer.units.push(root);

  let remaining = headcount - rootSize;
  const ordinals = new Map<string, number>();
  for (let areaNo = 1; remaining > 0; areaNo += 1) {
    const kind = kinds.pick(random);
    const district = profile.district ?? DISTRICT_NAMES[(areaNo - 1) % DISTRICT_NAMES.length];
    const ordinalKey = `${kind.key}/${district}`;
    const ordinal = (ordinals.get(ordinalKey) ?? 0) + 1;
    ordinals.set(ordinalKey, ordinal);
    const costCentre = `${digits}${String(areaNo).padStart(2, '0')}`;
    customer.costCentres.push(costCentre);
    const area: OrgUnit = {
      code: `${profile.code}-${String(areaNo).padStart(2, '0')}`,
      name: names.unique(kind.areaName(district, ordinal)),
      level: 'area',
      customer,
      parent: root,
      costCentre,
      kind,
      size: 1,
      head: null,
    };
    customer.units.push(area);
    remaining -= 1;

    const unitCount = random.int(kind.unitsPerArea[0], kind.unitsPerArea[1]);
    for (let unitNo = 1; unitNo <= unitCount && remaining > 0; unitNo += 1) {
      const size = Math.min(remaining, random.int(kind.unitSize[0], kind.unitSize[1]));
      remaining -= size;
      customer.units.push(leafUnit(random, names, area, kind, district, unitNo, size));
    }
  }
  return customer;
}

function leafUnit(random: CityRandom, names: UnitNames, area: OrgUnit, kind: AreaKind, district: string, unitNo: number, size: number): OrgUnit {
  const place = random.pick(DISTRICTS[district]);
  return {
    code: `${area.code}-${String(unitNo).padStart(2, '0')}`,
    name: names.unique(kind.unitName((list) => random.pick(list), place), place),
    level: 'unit',
    customer: area.customer,
    parent: area,
    costCentre: area.costCentre,
    kind,
    size,
    head: null,
  };
}

/** Unit names are unique within a customer, as HR's organisation register requires. */
class UnitNames {
  private readonly taken = new Set<string>();

  unique(base: string, place?: string): string {
    const candidates = place !== undefined && !base.includes(place) ? [base, `${base}, ${place}`] : [base];
    for (const candidate of candidates) {
      if (!this.taken.has(candidate)) return this.take(candidate);
    }
    for (let n = 2; ; n += 1) {
      const candidate = `${candidates[candidates.length - 1]} ${n}`;
      if (!this.taken.has(candidate)) return this.take(candidate);
    }
  }

  private take(name: string): string {
    this.taken.add(name);
    return name;
  }
}
