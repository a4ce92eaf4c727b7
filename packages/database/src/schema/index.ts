export * from './auth';
export * from './enums';
export * from './geo';
export * from './money';
export * from './rides';
export * from './users';
