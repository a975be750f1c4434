export * from './dn';
export * from './directory.client';
export * from './directory-error';
export * from './initial-password';
// The errors callers tell apart, so they need not import ldapts themselves.
export { AlreadyExistsError, ConstraintViolationError, NoSuchObjectError } from 'ldapts';
export type { Entry } from 'ldapts';
