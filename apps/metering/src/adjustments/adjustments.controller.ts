import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { checkAdjustment, formatQuantity } from '@itops/metering/domain';
import { meteringStatusByCode } from '../metering-error-status';
import { RecordAdjustment } from './record-adjustment.use-case';

/** `POST /v1/adjustments`: the adjust item as recorded. */
export interface AdjustmentAnswer {
  id: string;
  kind: 'adjust';
  customer: string;
  offering: string;
  subjectType: string;
  subjectId: string;
  quantity: string;
  validFrom: string;
  validTo: string | null;
  reason: string;
  operator: string;
  recordedAt: string;
}

@Controller('v1/adjustments')
@UseInterceptors(new DomainCodes(meteringStatusByCode))
export class AdjustmentsController {
  constructor(private readonly recordAdjustment: RecordAdjustment) {}

  /** Corrects the ledger with a new item (reason required; the operator is who is logged in). */
  @Post()
  @Roles(Role.Operator, Role.Admin)
  async adjust(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<AdjustmentAnswer> {
    const adjustment = checkAdjustment(body);
    const item = await this.recordAdjustment.execute(adjustment, user.subject);
    return {
      id: item.id,
      kind: 'adjust',
      customer: item.customerCode,
      offering: item.offeringCode,
      subjectType: item.subjectType,
      subjectId: item.subjectId,
      quantity: formatQuantity(item.quantity),
      validFrom: item.validFrom,
      validTo: item.validTo,
      reason: adjustment.reason,
      operator: user.subject,
      recordedAt: item.recordedAt.toISOString(),
    };
  }
}
