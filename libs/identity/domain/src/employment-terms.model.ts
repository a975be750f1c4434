/**
 * What the identity rules need to know about an employment. Callers pass their own richer
 * objects (for example the hr.employment event payload); the rules give the same objects back.
 */
export interface EmploymentTerms {
  readonly employmentId: string;
  /** sysselsättningsgrad in percent, 0-100. */
  readonly rate: number;
  /** First day, YYYY-MM-DD (Europe/Stockholm calendar date). */
  readonly startDate: string;
  /** Last day, inclusive, YYYY-MM-DD; null while open-ended. */
  readonly endDate: string | null;
}
