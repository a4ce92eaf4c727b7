// The database CLIs run before the api's config module exists (fresh machine), so they read the one
// variable they need here. Default matches .env.example.
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/truck4u';

export function databaseUrlFromEnv(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
