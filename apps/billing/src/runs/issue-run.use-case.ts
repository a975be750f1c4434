import { Injectable } from '@nestjs/common';
import { BillingException, BillingExceptionCode, periodBounds } from '@itops/billing/domain';
import { BillingRunRepository, type StoredInvoice, type StoredRun } from '@itops/billing/data-access';
import { create, InvoiceIssuedSchema, newEnvelope, Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';

export interface IssuedRunResult {
  run: StoredRun;
  invoices: StoredInvoice[];
}

/**
 * Issuing makes a period's draft final: the run and its invoices can no longer change (the
 * database refuses it), and each invoice is announced on billing.invoice.v1 in the same
 * transaction, through the outbox.
 */
@Injectable()
export class IssueRun {
  constructor(
    private readonly runs: BillingRunRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(period: string, issuedBy: string): Promise<IssuedRunResult> {
    periodBounds(period);
    return this.runs.exclusively(async (m) => {
      const issued = await this.runs.findRun(period, 'issued', m);
      if (issued) {
        throw new BillingException(BillingExceptionCode.PERIOD_ISSUED, `period ${period} is already issued (at ${issued.issuedAt?.toISOString()}); an issued period is final`);
      }
      const draft = await this.runs.findRun(period, 'draft', m);
      if (!draft) {
        throw new BillingException(BillingExceptionCode.RUN_NOT_FOUND, `period ${period} has no draft to issue; run billing for it first (POST /v1/runs)`);
      }
      // The draft's corrections were netted against the periods issued when it was made; a
      // period issued since may carry some of them already.
      const since = await this.runs.issuedSince(m, draft.id);
      if (since.length > 0) {
        throw new BillingException(
          BillingExceptionCode.DRAFT_STALE,
          `the draft of ${period} was made before ${since.join(', ')} ${since.length === 1 ? 'was' : 'were'} issued; ` +
            `run billing for ${period} again (POST /v1/runs) and issue that draft`,
        );
      }
      await this.runs.markIssued(m, draft.id, issuedBy);
      const run = (await this.runs.findRun(period, 'issued', m)) as StoredRun;
      const invoices = await this.runs.invoices(run.id, m);
      for (const invoice of invoices) {
        await this.publisher.publish(
          m,
          Topics.billingInvoice,
          create(InvoiceIssuedSchema, {
            envelope: newEnvelope({ source: 'billing', eventType: Topics.billingInvoice.eventType }),
            invoiceId: invoice.id,
            customerCode: invoice.customerCode,
            period,
            totalSek: invoice.totalSek,
          }),
        );
      }
      return { run, invoices };
    });
  }
}
