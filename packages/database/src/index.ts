export * from './client';
export * from './migrate';
export * from './reference-data';
export * as schema from './schema/index';
export * from './schema/index';
export * from './seed';
