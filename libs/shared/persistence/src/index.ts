export * from './data-source';
export * from './persistence.module';
export { DataSource, EntityManager } from 'typeorm';
