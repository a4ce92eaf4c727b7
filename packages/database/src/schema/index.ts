export * from './admin-audit';
export * from './auth';
export * from './devices';
export * from './enums';
export * from './geo';
export * from './money';
export * from './rides';
export * from './users';
