import { createHmac } from 'node:crypto';
import Personnummer from 'personnummer';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

const TWELVE_DIGITS = /^(\d{8})-?(\d{4})$/;
const MIN_SECRET_LENGTH = 16;

/**
 * The personnummer in its 12-digit form (YYYYMMDDNNNC), or null when it is not a valid
 * personnummer or samordningsnummer (coordination number, day + 60) written with the century,
 * with or without the dash. Ten-digit forms are refused: the century would be a guess.
 */
export function normalisePersonnummer(value: string): string | null {
  const match = TWELVE_DIGITS.exec(value);
  if (!match) return null;
  const digits = match[1] + match[2];
  // The library accepts coordination numbers by default; interim numbers (letters) never get past
  // the 12-digit pattern above.
  return Personnummer.valid(digits, { allowCoordinationNumber: true, allowInterimNumber: false }) ? digits : null;
}

/**
 * The pseudonymous person id: the only key for a person allowed on Kafka and in logs.
 * HMAC-SHA256 over the 12-digit personnummer with a secret, so the id is stable across
 * snapshots and services but cannot be reversed by enumerating the (small) personnummer space
 * without the secret. `p-` + the first 32 hex characters (128 bits).
 */
export function personIdFor(personnummer: string, secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new HrFeedException(
      HrFeedExceptionCode.INVALID_INPUT,
      `person id secret is too short: it must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const digits = normalisePersonnummer(personnummer);
  if (digits === null) {
    // The value itself is deliberately left out of the message: it is personal data.
    throw new HrFeedException(
      HrFeedExceptionCode.INVALID_INPUT,
      'personnummer is not valid: expected 12 digits YYYYMMDDNNNC (dash before the last four allowed) with a correct check digit',
    );
  }
  return `p-${createHmac('sha256', secret).update(digits, 'utf8').digest('hex').slice(0, 32)}`;
}
