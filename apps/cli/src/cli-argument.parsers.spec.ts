import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  parseCustomerCode,
  parseCustomerList,
  parseExistingFile,
  parseOfferingCode,
  parsePeriod,
  parseSamAccountName,
  parseSnapshotId,
  parseSubject,
} from './cli-argument.parsers';

describe('command-line argument parsers', () => {
  const parsers = { parsePeriod, parseCustomerCode, parseCustomerList, parseOfferingCode, parseSamAccountName, parseSnapshotId, parseSubject };

  it.each([
    ['parsePeriod', '2026-11', '2026-11'],
    ['parsePeriod', '2027-01', '2027-01'],
    ['parseCustomerCode', 'N138', 'N138'],
    ['parseCustomerCode', 'I060', 'I060'],
    ['parseCustomerList', 'N138,B110', ['N138', 'B110']],
    ['parseCustomerList', 'N138, B110', ['N138', 'B110']],
    ['parseOfferingCode', 'KONTO', 'KONTO'],
    ['parseOfferingCode', ' M365-E3 ', 'M365-E3'],
    ['parseSamAccountName', 'anna.svensson', 'anna.svensson'],
    ['parseSamAccountName', 'a_b-c2', 'a_b-c2'],
    ['parseSnapshotId', '0193b2a4-7c1e-7d2a-9f00-1234567890ab', '0193b2a4-7c1e-7d2a-9f00-1234567890ab'],
    ['parseSubject', ' anna ', 'anna'],
  ] as const)('%s takes %j', (parser, value, expected) => {
    expect(parsers[parser](value)).toEqual(expected);
  });

  it.each([
    ['parsePeriod', '2026-13', 'expected YYYY-MM with a month 01-12'],
    ['parsePeriod', '2026-1', 'is not a month'],
    ['parsePeriod', '202611', 'e.g. 2026-11'],
    ['parsePeriod', '2026-11-01', 'is not a month'],
    ['parseCustomerCode', 'n138', 'one upper-case letter and three digits'],
    ['parseCustomerCode', 'N1380', '"N1380" is not a customer code'],
    ['parseCustomerCode', 'N13', 'e.g. N138'],
    ['parseCustomerList', 'N138,,B110', '"" is not a customer code'],
    ['parseCustomerList', 'N138;B110', 'separated by commas'],
    ['parseCustomerList', 'N138,N138', 'N138 is listed twice'],
    ['parseOfferingCode', '', 'is not an offering code'],
    ['parseOfferingCode', 'TWO WORDS', 'without spaces'],
    ['parseOfferingCode', 'X'.repeat(33), '1-32 characters'],
    ['parseSamAccountName', 'anna svensson', 'is not an account name'],
    ['parseSamAccountName', 'a'.repeat(21), '1-20 letters'],
    ['parseSamAccountName', 'åsa', 'letters, digits'],
    ['parseSnapshotId', '../../v1/runs', 'is not a snapshot id'],
    ['parseSubject', '   ', 'is not a subject'],
    ['parseSubject', 'a\nb', 'on one line'],
  ] as const)('%s refuses %j saying what is allowed', (parser, value, says) => {
    const run = () => parsers[parser](value);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(says);
  });

  describe('parseExistingFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-cli-'));
    const file = join(dir, 'snapshot.csv');
    writeFileSync(file, 'a;b\n');

    it('takes an existing file', () => {
      expect(parseExistingFile(file)).toBe(file);
    });

    it('refuses a missing file, naming it', () => {
      expect(() => parseExistingFile(join(dir, 'nope.csv'))).toThrow(/no file ".*nope\.csv"; give the path of an existing CSV file/);
    });

    it('refuses a directory', () => {
      expect(() => parseExistingFile(dir)).toThrow('is not a regular file');
    });
  });
});
