export * from './config';
export * from './ldap.config';
