/** Locales the apps speak; fr is the default, ar is written right to left. */
export const LOCALES = ['fr', 'ar', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
export const TIME_ZONE = 'Africa/Tunis';

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

// Arabic as written in Tunisia: Latin digits (ar-TN), which is what prices and plates use on the street.
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-TN', ar: 'ar-TN', en: 'en-GB' };

export function intlLocale(locale: Locale): string {
  return INTL_LOCALE[locale];
}

/** Money from integer millimes: "90,000 DT" style per locale, 3 decimals only when needed. */
export function formatTnd(millimes: number, locale: Locale = DEFAULT_LOCALE): string {
  const hasMillimes = millimes % 1000 !== 0;
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'currency',
    currency: 'TND',
    minimumFractionDigits: hasMillimes ? 3 : 0,
    maximumFractionDigits: 3,
  }).format(millimes / 1000);
}

/** TND typed by a person (e.g. "90" or "90,5") to integer millimes; null when not a positive amount. */
export function parseTndToMillimes(input: string): number | null {
  const normalized = input.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(normalized)) return null;
  const [whole = '0', fraction = ''] = normalized.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/** Distance from metres: "850 m" below one kilometre, "12.4 km" above. */
export function formatDistance(meters: number, locale: Locale = DEFAULT_LOCALE): string {
  const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(INTL_LOCALE[locale], options);
  if (meters < 1000) {
    return nf({ style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(Math.round(meters));
  }
  return nf({ style: 'unit', unit: 'kilometer', maximumFractionDigits: meters < 10_000 ? 1 : 0 }).format(
    meters / 1000,
  );
}

export function formatWeight(kg: number, locale: Locale = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'unit', unit: 'kilogram' }).format(kg);
}

/** Date and time in Tunisia, whatever the device's zone. */
export function formatDateTime(iso: string | Date, locale: Locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatTime(iso: string | Date, locale: Locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatDate(iso: string | Date, locale: Locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
}

/** Whole seconds left until a deadline (never negative). */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}
