/** True for a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export { isCalendarDate } from '@itops/shared/calendar';
