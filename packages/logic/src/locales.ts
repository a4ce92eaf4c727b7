// The light entry (no socket, no store): formatters and catalogues, for server code and config files.
export * from './format';
export * from './i18n';
