// The IT services' price list (prislista) for one year, in billing's import format. Amounts are
// written the Swedish way, with a decimal comma and no thousands separator, as finance exports
// them. The items cover each way billing measures a volume.
import { csvLine } from './city-files.writer';

export const PRICE_LIST_HEADER = ['tjanstekod', 'tjanst', 'enhet', 'matt', 'pris_sek', 'giltig_fran', 'giltig_till', 'typ'] as const;

interface PriceItem {
  code: string;
  name: string;
  unit: string;
  measure: string;
  /** Öre, so the amount is exact until it is written. */
  priceOre: number;
  type: string;
}

const ITEMS: readonly PriceItem[] = [
  // One account per person with an active employment at month end.
  { code: 'KONTO', name: 'Användarkonto med e-post och behörigheter', unit: 'st/mån', measure: 'antal-vid-manadsslut', priceOre: 6250, type: 'bas' },
  // Klient som tjänst: the PC with support and replacement, paid for the days it is held.
  { code: 'KST-PC', name: 'Klient som tjänst, dator', unit: 'st/mån', measure: 'dagar-proportionellt', priceOre: 38950, type: 'bas' },
  { code: 'KST-PC-PLUS', name: 'Klient som tjänst, prestandadator', unit: 'st/mån', measure: 'dagar-proportionellt', priceOre: 52900, type: 'tillagg' },
  // Microsoft 365 licences are passed on at cost (vidarefakturering); the list price applies when the ledger has none.
  { code: 'M365-E3', name: 'Microsoft 365 E3', unit: 'st/mån', measure: 'vidarefakturering', priceOre: 38900, type: 'tillagg' },
  { code: 'M365-F3', name: 'Microsoft 365 F3 (frontlinjepersonal)', unit: 'st/mån', measure: 'vidarefakturering', priceOre: 8750, type: 'tillagg' },
  { code: 'M365-A3', name: 'Microsoft 365 A3 (skola)', unit: 'st/mån', measure: 'vidarefakturering', priceOre: 3625, type: 'tillagg' },
  // A fixed monthly fee under agreement: the customer's own service manager.
  { code: 'KUNDANSVAR', name: 'Kundansvarig och förvaltningsstöd', unit: 'mån', measure: 'fast', priceOre: 1250000, type: 'tillagg' },
  // The month's cost of the common infrastructure, shared by headcount among the customers that
  // have the agreement. It is tillagg, not bas: a bas share would need every customer's headcount
  // in every billing run.
  { code: 'GEM-INFRA', name: 'Gemensam IT-infrastruktur, fördelad efter antal anställda', unit: 'mån', measure: 'fordelning-antal-anstallda', priceOre: 485000000, type: 'tillagg' },
];

/** "1234,50" from 123450 öre. */
export function formatSwedishAmount(ore: number): string {
  return `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
}

export function priceListCsv(year: number): string {
  const rows = ITEMS.map((item) =>
    csvLine([item.code, item.name, item.unit, item.measure, formatSwedishAmount(item.priceOre), `${year}-01-01`, `${year}-12-31`, item.type]),
  );
  return csvLine(PRICE_LIST_HEADER) + rows.join('');
}
