export { MeteringException, MeteringExceptionCode, type FieldProblem } from './metering.exception';
export { Quantity, formatQuantity, isDecimalText, isLedgerQuantity } from './quantity.util';
export { checkCustomerCode, checkOfferingCode, isCustomerCode, isOfferingCode } from './ledger-codes.rules';
export { calendarMonth, daysInMonth, isHeldOn, previousMonth, type CalendarMonth } from './calendar-month';
export { mergeSpans, type DaySpan } from './day-span';
export {
  applyEmploymentChange,
  employmentSpans,
  headcountSpans,
  type EmploymentChange,
  type EmploymentChangeKind,
  type EmploymentPlacement,
  type HeadcountEmployment,
} from './headcount.rules';
export { planCoverage, type CoverageStep, type HeldItem } from './coverage.plan';
export { lastDayHeld, monthlyVolumes, type ItemClose, type OfferingVolume, type SubjectChange, type VolumeItem, type VolumeItemView } from './monthly-volumes.rules';
export { checkAdjustment, type Adjustment } from './adjustment.rules';
