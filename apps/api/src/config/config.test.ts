import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config';

const GOOD_SECRET = 'a-real-production-secret-of-48-characters-xxxxxx';

function problemsOf(source: Record<string, string>): string[] {
  try {
    loadConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts a development system with nothing set', () => {
    const config = loadConfig({});
    expect(config.isProduction).toBe(false);
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/truck4u');
  });

  it('lists every bad key at once, not just the first', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'not a url', DISPATCH_RADII_KM: '10,5' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'DISPATCH_RADII_KM']),
    );
  });

  it('refuses to run production with a missing, short or example JWT secret', () => {
    const production = { NODE_ENV: 'production', FLOUCI_APP_SECRET: 'a-real-flouci-secret' };
    expect(problemsOf(production).join('\n')).toMatch(/JWT_SECRET/);
    expect(problemsOf({ ...production, JWT_SECRET: 'short-secret' }).join('\n')).toMatch(
      /JWT_SECRET: must be at least 32 characters/,
    );
    expect(
      problemsOf({ ...production, JWT_SECRET: 'dev-only-secret-change-me-dev-only-secret-change-me' }).join(
        '\n',
      ),
    ).toMatch(/JWT_SECRET: is the example value/);
    expect(problemsOf({ ...production, JWT_SECRET: GOOD_SECRET })).toEqual([]);
  });

  it('refuses a delivery code SMS claim that could expire while its send is still running', () => {
    expect(problemsOf({ SMS_TIMEOUT_MS: '30000' })).toEqual([
      'DELIVERY_CODE_SMS_CLAIM_MS: must be longer than SMS_TIMEOUT_MS (30000)',
    ]);
    expect(problemsOf({ SMS_TIMEOUT_MS: '30000', DELIVERY_CODE_SMS_CLAIM_MS: '45000' })).toEqual([]);
  });

  it('reads a pricing table and refuses one that is not JSON or not a table', () => {
    expect(problemsOf({ PRICING_TABLE: '{nope' }).join('\n')).toMatch(/PRICING_TABLE: must be JSON/);
    expect(problemsOf({ PRICING_TABLE: '{"roadFactorPermille": 1300}' }).join('\n')).toMatch(/PRICING_TABLE/);
  });

  it('lets the web app and the listed extra origins call the api, and refuses a list that is not URLs', () => {
    expect(loadConfig({ FRONTEND_URL: 'https://truck4u.tn/app' }).http.allowedOrigins).toEqual([
      'https://truck4u.tn',
    ]);
    const config = loadConfig({
      FRONTEND_URL: 'https://truck4u.tn',
      CORS_EXTRA_ORIGINS: ' http://127.0.0.1:8081/ , https://preview.truck4u.tn,https://truck4u.tn',
    });
    expect(config.http.allowedOrigins).toEqual([
      'https://truck4u.tn',
      'http://127.0.0.1:8081',
      'https://preview.truck4u.tn',
    ]);
    expect(problemsOf({ CORS_EXTRA_ORIGINS: 'http://ok.tn,not a url' }).join('\n')).toMatch(
      /CORS_EXTRA_ORIGINS/,
    );
    expect(problemsOf({ CORS_EXTRA_ORIGINS: 'ftp://files.tn' }).join('\n')).toMatch(/CORS_EXTRA_ORIGINS/);
  });

  it('documents every key in .env.example, and nothing that does not exist', () => {
    const whole = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    // The web app's keys follow their own heading; the api reads none of them.
    const example = whole.split('# ==== Web app ====')[0] ?? '';
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...CONFIG_KEYS].sort());
  });
});
