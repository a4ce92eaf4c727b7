import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionOf } from './commission-rate';

describe('commissionOf', () => {
  it('takes the rate in basis points and rounds half a millime up', () => {
    expect(commissionOf(100_000, 1500)).toBe(15_000);
    expect(commissionOf(33_333, 1200)).toBe(4_000); // 3999.96
    expect(commissionOf(1, 5000)).toBe(1); // 0.5 rounds up
    expect(commissionOf(1, 4999)).toBe(0);
    expect(commissionOf(0, 1500)).toBe(0);
  });

  it('never exceeds the price and the driver never gets a negative share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (price, rate) => {
          const commission = commissionOf(price, rate);
          expect(Number.isInteger(commission)).toBe(true);
          expect(commission).toBeGreaterThanOrEqual(0);
          expect(commission).toBeLessThanOrEqual(price);
          expect(Math.abs(commission - (price * rate) / 10_000)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it('refuses fractional money', () => {
    expect(() => commissionOf(10.5, 1500)).toThrow();
  });
});
