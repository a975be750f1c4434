// The synthetic city as the generator holds it before writing: customers, their unit trees,
// persons and employments. Objects refer to each other (an employment to its unit, person and
// manager); ids are strings only in the files.

/** As billing's customer register reads typ. */
export type CustomerType = 'forvaltning' | 'bolag' | 'forbund' | 'namnd';

/** As hr-feed reads anstallningsform: tillsvidare, visstid, vikariat, timanställning. */
export type EmploymentForm = 'TV' | 'VI' | 'VIK' | 'TIM';

export type Sex = 'F' | 'M';

/** A job (befattning) with its AID-like code (befattningskod). */
export interface Job {
  readonly code: string;
  readonly title: string;
}

/** The kind of work an area does; it decides unit names, sizes, jobs and employment forms. */
export type Segment = 'welfare' | 'school' | 'administration' | 'technical' | 'company';

export interface AreaKind {
  readonly key: string;
  readonly segment: Segment;
  /** The area's name (verksamhetsområde) in a district; `ordinal` counts areas of this kind there. */
  readonly areaName: (district: string, ordinal: number) => string;
  /** A unit name (enhetsnamn) before it is made unique within its customer. */
  readonly unitName: (pick: <T>(list: readonly T[]) => T, place: string) => string;
  readonly unitSize: readonly [number, number];
  readonly unitsPerArea: readonly [number, number];
  /** The unit's head: enhetschef, rektor, ... */
  readonly head: Job;
  readonly staff: readonly (readonly [Job, number])[];
  /** Weights of TV, VI, VIK and TIM among the staff. */
  readonly forms: Readonly<Record<EmploymentForm, number>>;
  /** sysselsättningsgrad of TV and VI staff, with weights. */
  readonly rates: readonly (readonly [number, number])[];
}

export interface CustomerProfile {
  readonly code: string;
  readonly name: string;
  readonly type: CustomerType;
  /** Share of the city's staff, relative to the other customers. */
  readonly weight: number;
  /** The kinds of area it runs, with weights. */
  readonly kinds: readonly (readonly [string, number])[];
  /** A district to name its areas after; city-wide customers spread over all districts. */
  readonly district?: string;
}

export interface Customer {
  readonly profile: CustomerProfile;
  readonly code: string;
  readonly name: string;
  readonly type: CustomerType;
  /** kostnadsstallen, in the order they were created: the root's first. */
  readonly costCentres: string[];
  readonly units: OrgUnit[];
  headcount: number;
}

export type UnitLevel = 'root' | 'area' | 'unit';

export interface OrgUnit {
  /** enhetskod, unique in the city: N138-00 (root), N138-03 (area), N138-03-07 (unit). */
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly customer: Customer;
  readonly parent: OrgUnit | null;
  /** ansvar: the area's cost centre (the root's for the root). */
  readonly costCentre: string;
  /** The kind of the area or unit; the root has the customer's first kind. */
  readonly kind: AreaKind;
  /** Planned headcount including the head. */
  readonly size: number;
  /** The unit's manager (förvaltningsdirektör, verksamhetschef, enhetschef/rektor); set once staffed. */
  head: Employment | null;
}

export interface Person {
  /** The first part of every anstallningsnr of the person (e.g. 104233 in 104233-01). */
  number: string;
  /** YYYYMMDD-NNNC; a samordningsnummer has the day + 60. */
  readonly personnummer: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly givenName: string;
  readonly surname: string;
  readonly protectedIdentity: boolean;
  readonly coordinationNumber: boolean;
}

/** What the employment is in the organisation; managers are kept out of the monthly churn. */
export type EmploymentRole = 'director' | 'area-head' | 'unit-head' | 'staff';

export interface Employment {
  /** anstallningsnr: person number + running number, e.g. 104233-02. Set when the city is numbered. */
  id: string;
  readonly person: Person;
  readonly unit: OrgUnit;
  readonly job: Job;
  readonly role: EmploymentRole;
  readonly form: EmploymentForm;
  /** sysselsättningsgrad in whole percent; 0 for hourly staff. */
  readonly rate: number;
  readonly startDate: string;
  readonly endDate: string | null;
  /** chef_anstallningsnr: the head of the unit (or of the area, for a unit's head). */
  readonly manager: Employment | null;
  /** 1 for the person's first employment, 2 for the second, ... */
  readonly ordinal: number;
}

export interface City {
  readonly customers: Customer[];
  readonly persons: Person[];
  readonly employments: Employment[];
  /** The snapshot date (--start). */
  readonly date: string;
}
