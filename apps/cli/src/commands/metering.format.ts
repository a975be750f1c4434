import { formatTable, plural, stockholmTime } from '../output.format';

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

export interface VolumeSubject {
  subjectType: string;
  subjectId: string;
  quantity: string;
}

export interface VolumeItemLine {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  validFrom: string;
  validTo: string | null;
  quantity: string;
  sourceEventId: string | null;
  close: { id: string; validTo: string; sourceEventId: string | null } | null;
  reason: string | null;
  operator: string | null;
}

export interface OfferingVolumeAnswer {
  offering: string;
  quantityAtMonthEnd: string;
  quantityProrated: string;
  items?: VolumeItemLine[];
  added: VolumeSubject[];
  left: VolumeSubject[];
}

export interface VolumesAnswer {
  customer: string;
  period: string;
  offerings: OfferingVolumeAnswer[];
}

/**
 * A customer's month for the service desk: one line per offering (quantities as metering sent
 * them), then per offering who was added and who left since the month before, and with
 * `--items` the items behind the volume: subject, days, quantity, and the event or reason.
 */
export function formatVolumes(answer: VolumesAnswer, options: { items?: boolean } = {}): string {
  const offerings = answer.offerings ?? [];
  const title = `${answer.customer} ${answer.period}: ${offerings.length === 0 ? 'no volumes' : plural(offerings.length, 'offering')}`;
  if (offerings.length === 0) return title;
  const sections = [
    [
      title,
      formatTable<OfferingVolumeAnswer>(
        [
          { header: 'offering', value: (o) => o.offering },
          { header: 'at month end', value: (o) => o.quantityAtMonthEnd, align: 'right' },
          { header: 'prorated', value: (o) => o.quantityProrated, align: 'right' },
          { header: 'added', value: (o) => o.added.length, align: 'right' },
          { header: 'left', value: (o) => o.left.length, align: 'right' },
        ],
        offerings,
      ),
    ].join('\n'),
  ];
  for (const offering of offerings) {
    const lines: string[] = [];
    const changes = [...offering.added.map((s) => ({ change: 'added', ...s })), ...offering.left.map((s) => ({ change: 'left', ...s }))];
    if (changes.length > 0) {
      lines.push(
        formatTable(
          [
            { header: 'change', value: (c: (typeof changes)[number]) => c.change },
            { header: 'subject', value: (c: (typeof changes)[number]) => `${c.subjectType} ${c.subjectId}` },
            { header: 'quantity', value: (c: (typeof changes)[number]) => c.quantity, align: 'right' },
          ],
          changes,
          '  ',
        ),
      );
    }
    const items = offering.items ?? [];
    if (options.items) {
      lines.push(
        items.length === 0
          ? '  no items'
          : formatTable<VolumeItemLine>(
              [
                { header: 'subject', value: (item) => `${item.subjectType} ${item.subjectId}` },
                { header: 'from', value: (item) => item.validFrom },
                { header: 'to', value: (item) => item.validTo },
                { header: 'quantity', value: (item) => item.quantity, align: 'right' },
                { header: 'kind', value: (item) => item.kind },
                { header: 'source', value: (item) => source(item) },
              ],
              items,
              '  ',
            ),
      );
    }
    if (lines.length === 0) continue;
    const counts = `${offering.added.length} added, ${offering.left.length} left${options.items ? `, ${plural(items.length, 'item')}` : ''}`;
    sections.push([`${offering.offering}: ${counts}`, ...lines].join('\n'));
  }
  return sections.join('\n\n');
}

/** Where an item came from: its event (and the close's), or an adjustment's operator and reason. */
function source(item: VolumeItemLine): string {
  if (item.kind === 'adjust') return `${item.operator ?? '-'}: ${item.reason ?? '-'}`;
  const opened = `event ${item.sourceEventId ?? '-'}`;
  return item.close ? `${opened}, closed by event ${item.close.sourceEventId ?? '-'}` : opened;
}

export interface AdjustmentAnswer {
  id: string;
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

/** The recorded correction in two lines: what it changes, then who and why. */
export function formatAdjustment(answer: AdjustmentAnswer): string {
  const days = answer.validTo ? `from ${answer.validFrom} to ${answer.validTo}` : `from ${answer.validFrom}, open-ended`;
  return [
    `adjustment ${answer.id}: ${answer.customer} ${answer.offering} ${answer.subjectType} ${answer.subjectId} ${answer.quantity} ${days}`,
    `recorded by ${answer.operator} at ${stockholmTime(new Date(answer.recordedAt))}: ${answer.reason}`,
  ].join('\n');
}
