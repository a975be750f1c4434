export * from './licence.exception';
export * from './product.rules';
export * from './harvest.rules';
export * from './savings.rules';
export * from './usage-report.parser';
