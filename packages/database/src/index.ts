export * from './client';
export * from './migrate';
export * from './postgres-errors';
export * from './reference-data';
export * as schema from './schema/index';
export * from './schema/index';
export * from './seed';
