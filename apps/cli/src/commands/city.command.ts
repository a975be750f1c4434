import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { isIsoDate, stockholmToday } from '../city/city-calendar.util';
import { formatCitySummary, generateCity, MAX_EMPLOYEES, summariseCity, writeCity } from '../city/city.generator';
import { toJson } from '../output.format';

interface GenerateOptions {
  employees: number;
  seed: string;
  out: string;
  start?: string;
  json?: boolean;
}

/**
 * `itops city generate`: writes a synthetic city (customers, price list, this month's and next
 * month's HR snapshot, and what changed between them) for the demo, tests and benchmarks.
 * It works offline: nothing is sent to a service.
 */
export function registerCityCommands(program: Command, ctx: CliContext): void {
  const city = program.command('city').description('a synthetic city for demos and tests (works offline)');

  city
    .command('generate')
    .description('write customers.csv, price-list.csv, hr-snapshot.csv, hr-snapshot-next.csv and changes.json; the same seed gives the same files')
    .requiredOption('--employees <n>', `persons on the staff, 1-${MAX_EMPLOYEES} (e.g. 2000; the real city has about 57000)`, parseEmployees)
    .requiredOption('--seed <s>', 'any text or number; the same seed and start give byte-identical files', parseSeed)
    .requiredOption('--out <dir>', 'the folder to write to (created if missing; files in it are replaced)', parseOutDir)
    .option('--start <YYYY-MM-DD>', 'the snapshot date (default: today in Europe/Stockholm)', parseStart)
    .option('--json', 'print the summary as JSON')
    .action((options: GenerateOptions) => {
      const start = options.start ?? stockholmToday(ctx.now());
      const generated = generateCity({ employees: options.employees, seed: options.seed, start });
      let files;
      try {
        files = writeCity(resolve(options.out), generated);
      } catch (error) {
        throw new CliException(CliExceptionCode.INVALID_FILE, `could not write the city to ${options.out}: ${(error as Error).message}`, undefined, {
          cause: error,
        });
      }
      const summary = summariseCity(generated, files);
      ctx.io.out(options.json ? toJson(summary) : formatCitySummary(summary));
    });
}

function parseEmployees(value: string): number {
  const employees = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(employees) || employees < 1 || employees > MAX_EMPLOYEES) {
    throw new InvalidArgumentError(`"${value}" is not a number of employees; expected a whole number from 1 to ${MAX_EMPLOYEES}, e.g. 2000.`);
  }
  return employees;
}

function parseSeed(value: string): string {
  if (value.trim() === '' || /[\r\n]/.test(value) || value.length > 100) {
    throw new InvalidArgumentError(`"${value}" is not a seed; give 1-100 characters on one line, e.g. 1.`);
  }
  return value;
}

function parseStart(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`"${value}" is not a date; expected a calendar date YYYY-MM-DD, e.g. 2026-11-01.`);
  return value;
}

function parseOutDir(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the folder is empty; give a path, e.g. .itops/demo.');
  if (existsSync(value) && !statSync(value).isDirectory()) {
    throw new InvalidArgumentError(`"${value}" is a file, not a folder; give a folder to write the city's files to.`);
  }
  return value;
}
