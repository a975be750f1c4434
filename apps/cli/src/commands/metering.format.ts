import { formatTable, plural } from '../output.format';

export interface LedgerItem {
  kind: string;
  offeringCode: string;
  subjectType: string;
  subjectId: string;
  quantity: string;
  validFrom: string;
  validTo: string | null;
  reason?: string | null;
}

export interface LedgerAnswer {
  customer: string;
  period: string;
  items: LedgerItem[];
}

/** The items behind a customer's volumes in a month, one line each, open-ended shown as "-". */
export function formatLedger(ledger: LedgerAnswer): string {
  const items = ledger.items ?? [];
  const title = `${ledger.customer} ${ledger.period}: ${items.length === 0 ? 'no ledger items' : plural(items.length, 'ledger item')}`;
  if (items.length === 0) return title;
  const withReason = items.some((item) => item.reason);
  return [
    title,
    formatTable<LedgerItem>(
      [
        { header: 'offering', value: (item) => item.offeringCode },
        { header: 'subject', value: (item) => `${item.subjectType} ${item.subjectId}` },
        { header: 'from', value: (item) => item.validFrom },
        { header: 'to', value: (item) => item.validTo },
        { header: 'quantity', value: (item) => item.quantity, align: 'right' },
        { header: 'kind', value: (item) => item.kind },
        ...(withReason ? [{ header: 'reason', value: (item: LedgerItem) => item.reason }] : []),
      ],
      items,
    ),
  ].join('\n');
}
