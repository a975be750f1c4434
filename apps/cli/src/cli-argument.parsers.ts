// Local checks of command-line arguments, run by commander before anything is sent, so a
// typo costs no round trip and never reaches a service. Each message says what is wrong and
// what is allowed; commander puts the option or argument name in front of it.
import { statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** kundkod: one upper-case letter and three digits (N138, B110, K171, I060). */
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
/** sAMAccountName as AD allows it here: 1-20 letters, digits, ".", "_" or "-". */
const SAM_ACCOUNT_NAME = /^[A-Za-z0-9._-]{1,20}$/;
const SNAPSHOT_ID = /^[A-Za-z0-9-]{1,64}$/;
const OFFERING_CODE_MAX = 32;

/** A billing month: YYYY-MM. */
export function parsePeriod(value: string): string {
  if (!PERIOD.test(value)) throw new InvalidArgumentError(`"${value}" is not a month; expected YYYY-MM with a month 01-12, e.g. 2026-11.`);
  return value;
}

export function parseCustomerCode(value: string): string {
  if (!CUSTOMER_CODE.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a customer code; expected one upper-case letter and three digits, e.g. N138.`);
  }
  return value;
}

/** A comma-separated list of customer codes, each once: N138,B110. */
export function parseCustomerList(value: string): string[] {
  const codes = value.split(',').map((code) => code.trim());
  const bad = codes.find((code) => !CUSTOMER_CODE.test(code));
  if (bad !== undefined) {
    throw new InvalidArgumentError(
      `"${bad}" is not a customer code; give codes of one upper-case letter and three digits separated by commas, e.g. N138,B110.`,
    );
  }
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated !== undefined) throw new InvalidArgumentError(`${repeated} is listed twice; list each customer once.`);
  return codes;
}

/** tjanstekod as the price list has it: 1-32 characters. */
export function parseOfferingCode(value: string): string {
  const code = value.trim();
  if (code === '' || code.length > OFFERING_CODE_MAX || /\s/.test(code)) {
    throw new InvalidArgumentError(`"${value}" is not an offering code; expected 1-${OFFERING_CODE_MAX} characters without spaces, e.g. KONTO.`);
  }
  return code;
}

export function parseSamAccountName(value: string): string {
  if (!SAM_ACCOUNT_NAME.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not an account name; expected 1-20 letters, digits, ".", "_" or "-", e.g. anna.svensson.`);
  }
  return value;
}

export function parseSnapshotId(value: string): string {
  if (!SNAPSHOT_ID.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a snapshot id; give the id that "itops hr import" printed (letters, digits and "-").`);
  }
  return value;
}

/** A subject for the dev issuer's token: any non-empty text without line breaks. */
export function parseSubject(value: string): string {
  const subject = value.trim();
  if (subject === '' || /[\r\n]/.test(subject) || subject.length > 256) {
    throw new InvalidArgumentError(`"${value}" is not a subject; give 1-256 characters on one line, e.g. anna.svensson.`);
  }
  return subject;
}

/** The path of an existing regular file; its bytes are read when the command runs. */
export function parseExistingFile(value: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(value).isFile();
  } catch {
    throw new InvalidArgumentError(`no file "${value}"; give the path of an existing CSV file.`);
  }
  if (!isFile) throw new InvalidArgumentError(`"${value}" is not a regular file; give the path of a CSV file.`);
  return value;
}
