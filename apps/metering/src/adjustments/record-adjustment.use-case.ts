import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@itops/shared/persistence';
import { LedgerItem } from '@itops/metering/data-access';
import { Adjustment } from '@itops/metering/domain';
import { UsageLedger } from '../usage/usage-ledger.service';

/**
 * An operator's correction: a new `adjust` item with the reason and the operator (the token's
 * subject), announced on metering.usage.v1 in the same transaction. Nothing in the ledger is
 * edited: an item recorded wrongly is cancelled by an adjustment of the opposite quantity.
 */
@Injectable()
export class RecordAdjustment {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly usage: UsageLedger,
  ) {}

  async execute(adjustment: Adjustment, operator: string): Promise<LedgerItem> {
    return this.dataSource.transaction((manager) =>
      this.usage.record(
        { manager, correlationId: '', causationId: '' },
        {
          kind: 'adjust',
          refersTo: null,
          customerCode: adjustment.customer,
          offeringCode: adjustment.offering,
          subjectType: adjustment.subjectType,
          subjectId: adjustment.subjectId,
          quantity: adjustment.quantity,
          validFrom: adjustment.validFrom,
          validTo: adjustment.validTo,
          sourceEventId: null,
          reason: adjustment.reason,
          operator,
        },
      ),
    );
  }
}
