import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

/** Offering codes as the price list has them: 2-20 upper-case letters, digits or `-`. */
const OFFERING = /^[A-Z0-9-]{2,20}$/;
/** A code an event carries (a licence product, a device type). */
const CODE = /^[A-Z0-9-]{1,32}$/;

/**
 * A map from a code in an event to an offering: `FROM=OFFERING` pairs separated by commas,
 * e.g. `PC=KST-PC,IPAD=KST-IPAD`; empty for none.
 */
const codeMap = (example: string) =>
  z
    .string()
    .trim()
    .superRefine((text, ctx) => {
      for (const pair of text === '' ? [] : text.split(',')) {
        const [from, to, ...rest] = pair.split('=').map((part) => part.trim());
        if (rest.length > 0 || !from || !to || !CODE.test(from) || !OFFERING.test(to)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${pair}" is not CODE=OFFERING (upper-case letters, digits, -); expected pairs like ${example}` });
        }
      }
    })
    .transform((text): ReadonlyMap<string, string> => new Map(text === '' ? [] : text.split(',').map((pair) => pair.split('=').map((part) => part.trim()) as [string, string])));

export const meteringConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_metering'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3105),
  /** Offering that an enabled user account is metered as (tjänstekod in the price list). */
  ITOPS_METERING_ACCOUNT_OFFERING: z.string().regex(OFFERING, 'must be an offering code like KONTO').default('KONTO'),
  /** Offering that a person employed by a customer is metered as: the headcount (antal anställda) per customer. */
  ITOPS_METERING_HEADCOUNT_OFFERING: z.string().regex(OFFERING, 'must be an offering code like ANSTALLDA').default('ANSTALLDA'),
  /** Licence products metered as another offering than their product code (M365-E3 is metered as M365-E3 unless mapped). */
  ITOPS_METERING_LICENCE_OFFERINGS: codeMap('M365-E3=M365-E3,M365-F3=M365-F3').default(''),
  /** Device types metered, and as which offering; a type not in the map is not metered. */
  ITOPS_METERING_DEVICE_OFFERINGS: codeMap('PC=KST-PC,IPAD=KST-IPAD').default('PC=KST-PC'),
  /**
   * Events of one partition handled in one transaction (inbox rows, ledger items and outbox rows
   * written together); 1 handles each event in a transaction of its own. A failing batch is
   * handled again event by event, so a bad event still goes to the DLQ alone.
   */
  ITOPS_METERING_CONSUMER_BATCH_SIZE: z.coerce.number().int('must be a whole number of events').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(200),
});
export type MeteringConfig = z.infer<typeof meteringConfigSchema>;

export const loadMeteringConfig = (): MeteringConfig => bootConfig(meteringConfigSchema);
