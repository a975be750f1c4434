import { Injectable } from '@nestjs/common';
import { BillingException, BillingExceptionCode, exportRows, periodBounds, type ExportRow } from '@itops/billing/domain';
import { BillingRepository, BillingRunRepository } from '@itops/billing/data-access';

export interface RunExport {
  period: string;
  runId: string;
  issuedAt: string;
  rows: ExportRow[];
  /** The run's total: the rows' belopp_sek add up to it to the öre. */
  totalSek: string;
}

/** The finance system's file of an issued period: one row per invoice line with its accounting string. */
@Injectable()
export class ExportRun {
  constructor(
    private readonly catalogue: BillingRepository,
    private readonly runs: BillingRunRepository,
  ) {}

  async execute(period: string): Promise<RunExport> {
    periodBounds(period);
    const run = await this.runs.findRun(period, 'issued');
    if (!run) {
      // Only final invoices go to the finance system: a draft may still change.
      const draft = await this.runs.findRun(period, 'draft');
      throw draft
        ? new BillingException(BillingExceptionCode.NOT_ISSUED, `period ${period} is a draft; issue it (POST /v1/runs/${period}/issue) before exporting it to the finance system`)
        : new BillingException(BillingExceptionCode.RUN_NOT_FOUND, `period ${period} has no billing run; run and issue it first`);
    }
    const [invoices, customers] = await Promise.all([this.runs.invoices(run.id), this.catalogue.customers()]);
    return { period, runId: run.id, issuedAt: (run.issuedAt as Date).toISOString(), rows: exportRows(invoices, customers), totalSek: run.totalSek };
  }
}
