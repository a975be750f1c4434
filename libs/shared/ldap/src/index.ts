export * from './dn';
export * from './directory.client';
export * from './directory-error';
export * from './initial-password';
