export * from './device.exception';
export * from './device-lifecycle.rules';
export * from './csv.reader';
export * from './device-inventory.parser';
export * from './device-catalogue.parser';
export * from './lease.rules';
export * from './device-usage.rules';
