import { BadRequestException } from '@nestjs/common';
import { EMPLOYMENT_ID, EMPLOYMENT_ID_ALLOWED } from '@itops/hr-feed/domain';

/** An employment or booking id from a path: the snapshot's anstallningsnr rule, else 400. */
export function parseEmploymentId(id: string, name: 'employmentId' | 'bookingId' = 'employmentId'): string {
  if (!EMPLOYMENT_ID.test(id)) {
    throw new BadRequestException({ code: 'INVALID_INPUT', message: `${name} "${id.slice(0, 80)}" is not allowed; allowed: ${EMPLOYMENT_ID_ALLOWED}` });
  }
  return id;
}
