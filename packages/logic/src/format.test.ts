import { ERROR_CODES } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDistance,
  formatTime,
  formatTnd,
  LOCALES,
  parseTndToMillimes,
  secondsUntil,
} from './format';
import { catalogues, errorMessage, interpolate } from './i18n';

// Intl output uses narrow no-break spaces; compare with plain spaces.
const plain = (s: string) =>
  s
    .replace(/[\u00a0\u202f\u200f\u200e]/g, ' ')
    .replace(/ +/g, ' ')
    .trim();

describe('formatters', () => {
  it('formats millimes as TND, showing millimes only when there are some', () => {
    expect(plain(formatTnd(90_000, 'fr'))).toBe('90 DT');
    expect(plain(formatTnd(12_500, 'fr'))).toBe('12,500 DT');
    expect(plain(formatTnd(1_234_500, 'en'))).toBe('TND 1,234.500');
    expect(formatTnd(90_000, 'ar')).toContain('90');
    expect(formatTnd(90_000, 'ar')).toContain('د.ت');
  });

  it('reads typed TND into integer millimes', () => {
    expect(parseTndToMillimes('90')).toBe(90_000);
    expect(parseTndToMillimes('90,5')).toBe(90_500);
    expect(parseTndToMillimes('0.125')).toBe(125);
    expect(parseTndToMillimes('abc')).toBeNull();
    expect(parseTndToMillimes('1.2345')).toBeNull();
  });

  it('formats distances in m below a kilometre and km above', () => {
    expect(plain(formatDistance(850, 'fr'))).toBe('850 m');
    expect(plain(formatDistance(12_440, 'fr'))).toBe('12 km');
    expect(plain(formatDistance(4_260, 'en'))).toBe('4.3 km');
  });

  it('shows times in Africa/Tunis whatever the machine zone', () => {
    // 23:30 UTC on 31 Dec is 00:30 on 1 Jan in Tunis (UTC+1, no summer time).
    expect(plain(formatTime('2026-12-31T23:30:00Z', 'fr'))).toBe('00:30');
    expect(plain(formatDateTime('2026-12-31T23:30:00Z', 'en'))).toContain('1 Jan 2027');
  });

  it('counts seconds to a deadline, never below zero', () => {
    expect(secondsUntil('2026-01-01T00:01:00Z', Date.parse('2026-01-01T00:00:00Z'))).toBe(60);
    expect(secondsUntil('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z'))).toBe(0);
  });
});

describe('catalogues', () => {
  it('have a message for every error code in every locale', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) {
        expect((catalogues[locale].errors as Record<string, string>)[code], `${locale} ${code}`).toBeTruthy();
      }
    }
    expect(errorMessage('INVALID_CREDENTIALS', 'ar')).toBe(catalogues.ar.errors.INVALID_CREDENTIALS);
    expect(errorMessage('SOMETHING_NEW', 'en')).toBe(catalogues.en.errors.INTERNAL_ERROR);
  });

  it('fill placeholders', () => {
    expect(interpolate(catalogues.fr.ride.eta, { minutes: 12 })).toBe('Arrivée dans 12 min');
  });
});
