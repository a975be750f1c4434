export * from './stack';
export * from './dev-issuer';
export * from './personnummer';
export * from './service-test-stack';
