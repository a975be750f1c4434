import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import Personnummer from 'personnummer';
import { parseCustomerCode, parseExistingFile, parseSnapshotId } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { formatRecord, toJson } from '../output.format';
import { formatBooking, formatEmploymentChange, formatSnapshotImport, type BookingAnswer, type EmploymentChangeAnswer, type SnapshotImportAnswer } from './hr.format';

interface ImportOptions {
  dryRun?: boolean;
  changesOnly?: boolean;
  json?: boolean;
  encoding: 'utf8' | 'latin1';
}

interface BookOptions {
  booking: string;
  personnummer: string;
  given: string;
  surname: string;
  customer: string;
  unit: string;
  unitName?: string;
  jobCode?: string;
  jobTitle?: string;
  protectedIdentity?: boolean;
  from: string;
  to: string;
  form: 'VIK' | 'TIM';
  json?: boolean;
}

/** anstallningsnr as hr-feed takes it, and so a booking id: 1-16 letters, digits, ".", "_", "-" (AD's employeeID holds 16). */
const EMPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;
const PERSONNUMMER = /^(\d{8})-?(\d{4})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TEXT_MAX = 200;

/**
 * `itops hr import|approve|book|cancel-booking|end`: HR snapshots into hr-feed, and the single
 * changes pushed between them. Rejected rows are reported and the command still succeeds (the rest
 * of the file was taken); a file refused as a whole (broken header, wrong encoding) or a refused
 * booking is an error answer and fails the command. A personnummer is never printed back.
 */
export function registerHrCommands(program: Command, ctx: CliContext): void {
  const hr = program.command('hr').description('HR snapshots (the Personec/Heroma exports), pushed changes and substitute bookings into hr-feed');

  hr.command('import')
    .description('send an HR snapshot CSV (or, with --changes-only, a change file) to hr-feed: validated, diffed against the stored employments')
    .argument('<file>', 'the snapshot CSV (";"-separated, header row)', parseExistingFile)
    .option('--changes-only', 'the file is a change file (förändringsfil) of the changed employments only: employments it does not list are left as they are, not ended')
    .option('--dry-run', 'validate and diff only; store nothing')
    .addOption(new Option('--encoding <encoding>', 'the file\'s text encoding').choices(['utf8', 'latin1']).default('utf8'))
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (file: string, options: ImportOptions) => {
      const dryRun = options.dryRun === true;
      // Without the flag no scope is sent: hr-feed's default is a full snapshot.
      const scope = options.changesOnly === true ? { scope: 'changes' } : {};
      const answer = await serviceClient(ctx, 'hr-feed').post<SnapshotImportAnswer>('/v1/snapshots', {
        query: { dryRun: String(dryRun), encoding: options.encoding, ...scope },
        body: readFileSync(file),
        contentType: 'text/csv',
      });
      ctx.io.out(options.json ? toJson(answer) : formatSnapshotImport(answer ?? {}, dryRun));
    });

  hr.command('approve')
    .description('approve a snapshot held back (e.g. by the mass-leaver brake), so its changes go out')
    .argument('<snapshotId>', 'the id "itops hr import" printed', parseSnapshotId)
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (snapshotId: string, options: { json?: boolean }) => {
      const answer = await serviceClient(ctx, 'hr-feed').post<unknown>(`/v1/snapshots/${encodeURIComponent(snapshotId)}/approve`);
      ctx.io.out(options.json ? toJson(answer) : answer === undefined ? `snapshot ${snapshotId} approved` : `snapshot ${snapshotId} approved\n${formatRecord(answer)}`);
    });

  hr.command('book')
    .description('book a substitute or hourly shift (vikariebokning): access exactly from --from to --to, announced at once')
    .requiredOption('--booking <id>', 'the booking id from the HR system', parseBookingId)
    // Checked in the action, not by commander: commander repeats a refused value in its message.
    .requiredOption('--personnummer <personnummer>', '12 digits, YYYYMMDD-NNNN or YYYYMMDDNNNN (never printed)')
    .requiredOption('--given <name>', 'given name (förnamn)', parseText)
    .requiredOption('--surname <name>', 'surname (efternamn)', parseText)
    .requiredOption('--customer <code>', 'the paying customer, e.g. N138', parseCustomerCode)
    .requiredOption('--unit <code>', 'the unit code (enhetskod)', parseText)
    .requiredOption('--from <instant>', 'start, ISO-8601 with offset, e.g. 2026-11-23T07:00:00+01:00', parseInstant)
    .requiredOption('--to <instant>', 'end (access ends at this instant), ISO-8601 with offset', parseInstant)
    .addOption(new Option('--form <form>', 'VIK (substitute) or TIM (hourly)').choices(['VIK', 'TIM']).default('VIK'))
    .option('--unit-name <name>', 'the unit name (enhetsnamn)', parseText)
    .option('--job-code <code>', 'the job code (befattningskod, AID)', parseText)
    .option('--job-title <title>', 'the job title (befattning)', parseText)
    .option('--protected-identity', 'the person has a protected identity (skyddad identitet)')
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (options: BookOptions) => {
      const answer = await serviceClient(ctx, 'hr-feed').post<BookingAnswer>('/v1/bookings', { json: bookingBody(options) });
      ctx.io.out(options.json ? toJson(answer) : formatBooking(answer ?? {}));
    });

  hr.command('cancel-booking')
    .description('cancel a substitute booking: access ends now')
    .argument('<bookingId>', 'the booking id "itops hr book" was given', parseBookingId)
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (bookingId: string, options: { json?: boolean }) => {
      const answer = await serviceClient(ctx, 'hr-feed').request<BookingAnswer>('DELETE', `/v1/bookings/${encodeURIComponent(bookingId)}`);
      ctx.io.out(options.json ? toJson(answer) : formatBooking(answer ?? { bookingId }));
    });

  hr.command('end')
    .description('end an employment on its last day (a leaver), between snapshots')
    .argument('<employmentId>', 'the employment id (anställningsnummer)', parseEmploymentId)
    .requiredOption('--last-day <YYYY-MM-DD>', 'the last day of the employment (inclusive)', parseDay)
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (employmentId: string, options: { lastDay: string; json?: boolean }) => {
      const answer = await serviceClient(ctx, 'hr-feed').request<EmploymentChangeAnswer>('DELETE', `/v1/employments/${encodeURIComponent(employmentId)}`, {
        query: { lastDay: options.lastDay },
      });
      ctx.io.out(options.json ? toJson(answer) : formatEmploymentChange(answer ?? { employmentId }, options.lastDay));
    });
}

/** The JSON hr-feed's POST /v1/bookings takes, after the checks commander cannot make. */
export function bookingBody(options: BookOptions): Record<string, unknown> {
  const personnummer = checkPersonnummer(options.personnummer);
  if (Date.parse(options.to) <= Date.parse(options.from)) {
    throw new CliException(CliExceptionCode.USAGE, `--to ${options.to} is not after --from ${options.from}; give an end after the start.`);
  }
  return {
    bookingId: options.booking,
    personnummer,
    givenName: options.given,
    surname: options.surname,
    customerCode: options.customer,
    unitCode: options.unit,
    ...(options.unitName === undefined ? {} : { unitName: options.unitName }),
    ...(options.jobCode === undefined ? {} : { jobCode: options.jobCode }),
    ...(options.jobTitle === undefined ? {} : { jobTitle: options.jobTitle }),
    protectedIdentity: options.protectedIdentity === true,
    form: options.form,
    from: options.from,
    to: options.to,
  };
}

/**
 * A personnummer or samordningsnummer with its century and a correct check digit, as 12 digits.
 * The message never repeats the value: it is personal data, and terminals are logged and shared.
 */
export function checkPersonnummer(value: string): string {
  const match = PERSONNUMMER.exec(value.trim());
  if (!match) {
    throw new CliException(CliExceptionCode.USAGE, 'option --personnummer: the value is not 12 digits; expected YYYYMMDD-NNNN or YYYYMMDDNNNN (the value is not shown).');
  }
  const digits = match[1] + match[2];
  if (!Personnummer.valid(digits, { allowCoordinationNumber: true, allowInterimNumber: false })) {
    throw new CliException(
      CliExceptionCode.USAGE,
      'option --personnummer: not a valid personnummer or samordningsnummer (check digit or birth date); check the digits (the value is not shown).',
    );
  }
  return digits;
}

export function parseBookingId(value: string): string {
  if (!EMPLOYMENT_ID.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a booking id; expected 1-16 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  }
  return value;
}

export function parseEmploymentId(value: string): string {
  if (!EMPLOYMENT_ID.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not an employment id; expected 1-16 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  }
  return value;
}

/** An instant with its offset, so that 07:00 is never read in this machine's zone. */
export function parseInstant(value: string): string {
  const match = INSTANT.exec(value);
  if (!match || !isRealDay(Number(match[1]), Number(match[2]), Number(match[3])) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`"${value}" is not an instant; expected ISO-8601 with its offset, e.g. 2026-11-23T07:00:00+01:00 or 2026-11-23T06:00:00Z.`);
  }
  return value;
}

export function parseDay(value: string): string {
  const match = DAY.exec(value);
  if (!match || !isRealDay(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new InvalidArgumentError(`"${value}" is not a day; expected a calendar date YYYY-MM-DD, e.g. 2026-11-30.`);
  }
  return value;
}

/** A name, code or title: 1-200 characters on one line. hr-feed keeps characters such as *)( as data. */
export function parseText(value: string): string {
  const text = value.trim();
  // eslint-disable-next-line no-control-regex
  if (text === '' || text.length > TEXT_MAX || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new InvalidArgumentError(`expected 1-${TEXT_MAX} characters on one line.`);
  }
  return text;
}

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
