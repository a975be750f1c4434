export { BillingException, BillingExceptionCode } from './billing.exception';
export {
  daysOverlapping,
  isBillingPeriod,
  isIsoDate,
  nextPeriod,
  periodBounds,
  periodsOfYear,
  toStockholmDate,
  type BillingPeriod,
  type IsoDate,
} from './common/calendar.util';
export type { CsvEncoding, CsvReadOptions, RejectedRow } from './common/csv-table.reader';
export { formatQuantity, formatSek, formatUnitPrice, roundToOre } from './common/money.util';
export type { Agreement } from './catalogue/agreement.model';
export { AGREEMENT_COLUMNS, parseAgreements, type AgreementImport, type AgreementReadOptions } from './catalogue/agreement.parser';
export { CUSTOMER_CODE_PATTERN, CUSTOMER_TYPES, isCustomerCode, type Customer, type CustomerType } from './catalogue/customer.model';
export { CUSTOMER_COLUMNS, parseCustomers, type CustomerImport } from './catalogue/customer.parser';
export { MEASURES, OFFERING_TYPES, type Measure, type OfferingType, type PriceListEntry } from './catalogue/price-list.model';
export { PRICE_LIST_COLUMNS, parsePriceList, type PriceListImport } from './catalogue/price-list.parser';
export { buildInvoice } from './pricing/invoice.builder';
export type { Invoice, InvoiceLine } from './pricing/invoice.model';
export {
  findPriceEntry,
  priceCustomerPeriod,
  priceCustomerUsage,
  type AggregatePricingInput,
  type Headcount,
  type PeriodPricingInput,
} from './pricing/period-pricing.policy';
export { aggregateUsage, checkUsageAggregates, type UsageAggregate } from './pricing/usage-aggregate.model';
export { checkUsageItems, type UsageItem } from './pricing/usage-item.model';
export { countHeadcount, headcountFromPersons, headcountOf, type HeadcountCount, type HeadcountItem } from './pricing/headcount.policy';
export { correctionLines, correctionReason, type CorrectionInput, type LedgerChanges } from './pricing/correction.policy';
export { COST_SOURCES, parseCostEntry, type CostEntry, type CostSource } from './forecast/cost-entry.model';
export {
  forecastYear,
  type BilledAmount,
  type CustomerForecast,
  type OfferingForecast,
  type OfferingRecovery,
  type Recovery,
  type YearForecast,
  type YearForecastInput,
} from './forecast/year-forecast.policy';
export { EXPORT_COLUMNS, exportRows, formatExportCsv, type ExportRow } from './export/invoice-export.format';
export { diffVolumes, type VolumeDiff } from './pricing/volume-diff.policy';
