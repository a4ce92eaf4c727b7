import { describe, expect, it } from 'vitest';
import { formatTnd, millimesAmount } from './money';

describe('millimesAmount', () => {
  const price = millimesAmount({ min: 1_000, max: 2_000_000 });
  const message = (input: unknown) => price.safeParse(input).error?.issues[0]?.message;

  it('names the unit in every refusal, so 250 meant as dinars is caught', () => {
    expect(message(250)).toBe('must be at least 1000 millimes (1.000 TND)');
    expect(message(2_000_001)).toBe('must be at most 2000000 millimes (2000.000 TND)');
    expect(message(12.5)).toBe('must be a whole number of millimes (1 TND = 1000 millimes)');
    expect(message('12')).toBe('must be a number of millimes (1 TND = 1000 millimes)');
    expect(message(undefined)).toBe('required: an amount in millimes (1 TND = 1000 millimes)');
  });

  it('takes integer millimes within the bounds', () => {
    expect(price.parse(45_500)).toBe(45_500);
  });
});

describe('formatTnd', () => {
  it('writes three decimals, as Tunisian prices are', () => {
    expect(formatTnd(12_345)).toBe('12.345 TND');
    expect(formatTnd(1_000)).toBe('1.000 TND');
  });
});
