import { z } from 'zod';

/** 1 TND = 1000 millimes; every amount the api reads or answers is integer millimes. */
export const MILLIMES_PER_DINAR = 1_000;

/** Millimes written as dinars, three decimals as Tunisian prices are: 12345 -> "12.345 TND". */
export function formatTnd(millimes: number): string {
  return `${(millimes / MILLIMES_PER_DINAR).toFixed(3)} TND`;
}

/**
 * An amount of money in a request body, with messages that name the unit: a caller sending 250 for 250 TND
 * reads "must be at least 1000 millimes (1.000 TND)" rather than "expected number to be >=1000".
 */
export function millimesAmount(bounds: { min: number; max: number }) {
  const unit = `millimes (1 TND = ${MILLIMES_PER_DINAR} millimes)`;
  return z
    .number({
      error: (issue) =>
        issue.input === undefined ? `required: an amount in ${unit}` : `must be a number of ${unit}`,
    })
    .int(`must be a whole number of ${unit}`)
    .min(bounds.min, `must be at least ${bounds.min} millimes (${formatTnd(bounds.min)})`)
    .max(bounds.max, `must be at most ${bounds.max} millimes (${formatTnd(bounds.max)})`);
}
