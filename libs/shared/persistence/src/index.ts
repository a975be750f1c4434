export * from './data-source';
export * from './persistence.module';
export * from './run-lock.repository';
export { DataSource, EntityManager } from 'typeorm';
