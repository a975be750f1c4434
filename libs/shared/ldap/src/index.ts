export * from './dn';
export * from './directory.client';
