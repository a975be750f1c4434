// The city's files, as the city's systems export them: `;`-separated UTF-8 with a header row and
// "\n" line ends. The snapshots are written in chunks of rows straight to the file, so 57,000
// employments (or ten times that) never become one string in memory.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Customer, Employment } from './city.model';

export const SNAPSHOT_HEADER = [
  'anstallningsnr',
  'personnr',
  'fornamn',
  'efternamn',
  'organisationskod',
  'enhetskod',
  'enhetsnamn',
  'ansvar',
  'befattningskod',
  'befattning',
  'anstallningsform',
  'sysselsattningsgrad',
  'startdatum',
  'slutdatum',
  'chef_anstallningsnr',
  'skyddad_identitet',
] as const;

export const CUSTOMER_HEADER = ['kundkod', 'namn', 'typ', 'kostnadsstallen'] as const;

const ROWS_PER_WRITE = 2000;
const NEEDS_QUOTES = /[;"\r\n]/;

/** One CSV line: a value holding the separator, a quote or a line break is quoted, quotes doubled. */
export function csvLine(values: readonly string[]): string {
  return `${values.map((value) => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(';')}\n`;
}

export function snapshotRow(e: Employment): string[] {
  return [
    e.id,
    e.person.personnummer,
    e.person.givenName,
    e.person.surname,
    e.unit.customer.code,
    e.unit.code,
    e.unit.name,
    e.unit.costCentre,
    e.job.code,
    e.job.title,
    e.form,
    String(e.rate),
    e.startDate,
    e.endDate ?? '',
    e.manager?.id ?? '',
    e.person.protectedIdentity ? 'J' : 'N',
  ];
}

/** Writes rows to a file a chunk at a time. */
export class CsvFileWriter {
  private readonly fd: number;
  private pending: string[] = [];

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'w');
    this.pending.push(csvLine(header));
  }

  write(values: readonly string[]): void {
    this.pending.push(csvLine(values));
    if (this.pending.length >= ROWS_PER_WRITE) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
  }
}

/** An HR snapshot (hr-snapshot.csv), rows in anstallningsnr order. */
export function writeSnapshot(path: string, employments: readonly Employment[]): void {
  const writer = new CsvFileWriter(path, SNAPSHOT_HEADER);
  try {
    for (const employment of employments) writer.write(snapshotRow(employment));
  } finally {
    writer.close();
  }
}

/** The customer register (customers.csv) as billing and hr-feed import it. */
export function writeCustomers(path: string, customers: readonly Customer[]): void {
  const writer = new CsvFileWriter(path, CUSTOMER_HEADER);
  try {
    for (const c of customers) writer.write([c.code, c.name, c.type, c.costCentres.join(',')]);
  } finally {
    writer.close();
  }
}
