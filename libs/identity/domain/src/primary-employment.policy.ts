import { EmploymentTerms } from './employment-terms.model';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

/**
 * The employment that decides the account's OU, department, title, manager and paying customer when a
 * person holds several: the highest rate, then the earliest start, then the lowest employment id
 * (numerically when both ids are digits), so the answer never depends on the order HR listed them in.
 */
export function primaryEmployment<T extends EmploymentTerms>(employments: readonly T[]): T {
  if (employments.length === 0) {
    throw new IdentityException(
      IdentityExceptionCode.NO_EMPLOYMENTS,
      'employments is empty; a primary employment needs at least one employment',
    );
  }
  return employments.reduce((best, candidate) => (comparePrimary(candidate, best) < 0 ? candidate : best));
}

/** Negative when a ranks before b as primary employment. */
export function comparePrimary(a: EmploymentTerms, b: EmploymentTerms): number {
  if (a.rate !== b.rate) return b.rate - a.rate;
  if (a.startDate !== b.startDate) return a.startDate < b.startDate ? -1 : 1;
  return compareEmploymentIds(a.employmentId, b.employmentId);
}

function compareEmploymentIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const difference = BigInt(a) - BigInt(b);
    if (difference !== 0n) return difference < 0n ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
