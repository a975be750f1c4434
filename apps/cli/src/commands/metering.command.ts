import { InvalidArgumentError, type Command } from 'commander';
import { parseCustomerCode, parseOfferingCode, parsePeriod } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { toJson } from '../output.format';
import { formatAdjustment, formatLedger, type AdjustmentAnswer, type LedgerAnswer } from './metering.format';

interface LedgerOptions {
  customer: string;
  period: string;
  offering?: string;
  json?: boolean;
}

interface AdjustOptions {
  customer: string;
  offering: string;
  subjectType: string;
  subject: string;
  quantity: string;
  from: string;
  to?: string;
  reason: string;
  json?: boolean;
}

const SUBJECT_TYPE = /^[a-z][a-z0-9-]{0,31}$/;
const SUBJECT_ID_MAX = 200;
const QUANTITY = /^-?\d{1,14}(\.\d{1,4})?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const REASON_MAX = 500;

/** What the ledger's subjects are: account, person, device, licence, printer, ... */
export function parseSubjectType(value: string): string {
  if (!SUBJECT_TYPE.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a subject type; expected 1-32 lower-case letters, digits or -, e.g. account, person, device.`);
  }
  return value;
}

/** The subject's id as the ledger has it (an account id, a pseudonymous person id, a serial number). */
export function parseSubjectId(value: string): string {
  if (value === '' || value.length > SUBJECT_ID_MAX || /\s/.test(value)) {
    throw new InvalidArgumentError(`expected 1-${SUBJECT_ID_MAX} characters without spaces, e.g. the account id from "itops volumes --items".`);
  }
  return value;
}

/** An exact decimal as text, negative for taking volume away: "-1", "0.5". Never a binary float. */
export function parseQuantity(value: string): string {
  if (!QUANTITY.test(value) || /^-?0+(\.0+)?$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a quantity; expected a non-zero decimal with "." and at most 4 decimals, e.g. -1 or 0.5.`);
  }
  return value;
}

export function parseDay(value: string): string {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.getUTCFullYear() !== Number(match[1]) || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    throw new InvalidArgumentError(`"${value}" is not a day; expected a calendar date YYYY-MM-DD, e.g. 2026-11-01.`);
  }
  return value;
}

export function parseReason(value: string): string {
  const reason = value.trim();
  // eslint-disable-next-line no-control-regex
  if (reason === '' || reason.length > REASON_MAX || /[\u0000-\u001f\u007f]/.test(reason)) {
    throw new InvalidArgumentError(`expected why the ledger is corrected, 1-${REASON_MAX} characters on one line, e.g. "double-counted account, INC-4711".`);
  }
  return reason;
}

/** `itops metering ledger|adjust`: the ledger behind the volumes, and corrections to it. */
export function registerMeteringCommands(program: Command, ctx: CliContext): void {
  const metering = program.command('metering').description('volumes: the append-only usage ledger');

  metering
    .command('ledger')
    .description('the ledger items of a customer that overlap a month')
    .requiredOption('--customer <code>', 'customer code (kundkod), e.g. N138', parseCustomerCode)
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11', parsePeriod)
    .option('--offering <code>', 'only this offering (tjanstekod), e.g. KONTO', parseOfferingCode)
    .option('--json', 'print metering\'s JSON answer as it is')
    .action(async (options: LedgerOptions) => {
      const ledger = await serviceClient(ctx, 'metering').get<LedgerAnswer>('/v1/ledger', {
        query: { customer: options.customer, period: options.period, offering: options.offering },
      });
      ctx.io.out(options.json ? toJson(ledger) : formatLedger(ledger));
    });

  metering
    .command('adjust')
    .description('correct the ledger with a new item (never an edit): a quantity, often negative, for a subject over some days, with the reason')
    .requiredOption('--customer <code>', 'customer code (kundkod), e.g. N138', parseCustomerCode)
    .requiredOption('--offering <code>', 'offering (tjanstekod), e.g. KONTO', parseOfferingCode)
    .requiredOption('--subject-type <type>', 'what is corrected: account, person, device, licence, ...', parseSubjectType)
    .requiredOption('--subject <id>', 'the subject\'s id, e.g. the account id', parseSubjectId)
    .requiredOption('--quantity <decimal>', 'the correction, e.g. -1 (write --quantity=-1 or --quantity -1)', parseQuantity)
    .requiredOption('--from <YYYY-MM-DD>', 'the first day it applies', parseDay)
    .option('--to <YYYY-MM-DD>', 'the last day it applies (default: open-ended)', parseDay)
    .requiredOption('--reason <text>', 'why, e.g. a ticket number', parseReason)
    .option('--json', 'print metering\'s JSON answer as it is')
    .action(async (options: AdjustOptions) => {
      if (options.to !== undefined && options.to < options.from) {
        throw new CliException(CliExceptionCode.USAGE, `--to ${options.to} is before --from ${options.from}; give the same day or later.`);
      }
      const answer = await serviceClient(ctx, 'metering').post<AdjustmentAnswer>('/v1/adjustments', {
        json: {
          customer: options.customer,
          offering: options.offering,
          subjectType: options.subjectType,
          subjectId: options.subject,
          quantity: options.quantity,
          validFrom: options.from,
          validTo: options.to,
          reason: options.reason,
        },
      });
      ctx.io.out(options.json ? toJson(answer) : formatAdjustment(answer));
    });
}
