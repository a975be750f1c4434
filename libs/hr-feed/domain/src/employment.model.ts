/**
 * Employment form (anställningsform): TV = tillsvidare (permanent), VI = visstid (fixed term),
 * VIK = vikariat (substitute), TIM = timanställning (hourly).
 */
export const EMPLOYMENT_FORMS = ['TV', 'VI', 'VIK', 'TIM'] as const;
export type EmploymentForm = (typeof EMPLOYMENT_FORMS)[number];

/** One employment (anställning) as HR exports it. A person may hold several at once. */
export interface Employment {
  /** anstallningsnr: unique within a snapshot. */
  readonly employmentId: string;
  /** personnr, normalised to 12 digits (YYYYMMDDNNNC). Never put on Kafka or in logs: use personIdFor. */
  readonly personnummer: string;
  readonly givenName: string;
  readonly surname: string;
  /** organisationskod: the paying customer (förvaltning/bolag), e.g. N138. */
  readonly customerCode: string;
  /** enhetskod */
  readonly unitCode: string;
  /** enhetsnamn */
  readonly unitName: string;
  /** ansvar */
  readonly costCentre: string;
  /** befattningskod (AID) */
  readonly jobCode: string;
  /** befattning */
  readonly jobTitle: string;
  readonly form: EmploymentForm;
  /** sysselsättningsgrad in whole percent, 0-100. */
  readonly rate: number;
  /** First day, YYYY-MM-DD (a Europe/Stockholm calendar date). */
  readonly startDate: string;
  /** Last day (inclusive), YYYY-MM-DD, or null while open-ended. */
  readonly endDate: string | null;
  /** chef_anstallningsnr: the manager's employment id, if HR names one. */
  readonly managerEmploymentId: string | null;
  /** skyddad identitet: the person's details must be kept to a minimum and hidden from address lists. */
  readonly protectedIdentity: boolean;
}

export type EmploymentField = keyof Employment;
