import { isCustomerCode } from '../catalogue/customer.model';
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { periodBounds, type BillingPeriod } from '../common/calendar.util';
import { Money } from '../common/money.util';
import type { Invoice, InvoiceLine } from './invoice.model';

const ORE_TEXT = /^-?\d+\.\d{2}$/;

/**
 * An invoice from its lines. The total is the sum of the lines' already rounded amounts,
 * so the invoice always adds up as printed; nothing is rounded again.
 * @throws BillingException INVALID_PERIOD, INVALID_CUSTOMER_CODE or INVALID_INVOICE_LINE.
 */
export function buildInvoice(customerCode: string, period: BillingPeriod, lines: readonly InvoiceLine[]): Invoice {
  periodBounds(period);
  if (!isCustomerCode(customerCode)) {
    throw new BillingException(
      BillingExceptionCode.INVALID_CUSTOMER_CODE,
      `customerCode "${customerCode}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`,
    );
  }
  let total = new Money(0);
  for (const [index, line] of lines.entries()) {
    const refuse = (problem: string): never => {
      throw new BillingException(
        BillingExceptionCode.INVALID_INVOICE_LINE,
        `lines[${index}] (${line.offeringCode}): ${problem}`,
      );
    };
    if (line.customerCode !== customerCode) refuse(`customerCode is ${line.customerCode}; this invoice is for ${customerCode}`);
    if (line.period !== period) refuse(`period is ${line.period}; this invoice is for ${period}`);
    if (!ORE_TEXT.test(line.amountSek)) refuse(`amountSek "${line.amountSek}" is not SEK with exactly 2 decimals, e.g. "1234.50"`);
    total = total.plus(line.amountSek);
  }
  return { customerCode, period, lines: [...lines], totalSek: total.toFixed(2) };
}
