import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostEntry } from '@itops/billing/domain';

export interface StoredCostEntry extends CostEntry {
  id: string;
  enteredBy: string;
  enteredAt: Date;
}

/** The cost inputs of the forecast: licence contracts, device leases and entered costs, per offering and month. Append-only. */
@Injectable()
export class CostEntryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(entry: CostEntry, enteredBy: string): Promise<StoredCostEntry> {
    const [stored] = await this.dataSource.query(
      `INSERT INTO cost_entry (id, offering_code, period, amount_sek, source, note, entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [randomUUID(), entry.offeringCode, entry.period, entry.amountSek, entry.source, entry.note, enteredBy],
    );
    return stored;
  }

  async forYear(year: number): Promise<StoredCostEntry[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM cost_entry WHERE period BETWEEN $1 AND $2 ORDER BY period, offering_code, entered_at`, [
      `${year}-01`,
      `${year}-12`,
    ]);
  }
}

const COLUMNS = `id, offering_code AS "offeringCode", period, amount_sek::text AS "amountSek", source, note, entered_by AS "enteredBy", entered_at AS "enteredAt"`;
