import { describe, expect, it } from 'vitest';
import { distanceBucket, priceFlagFor, tariffPriceBand } from './price-band';

describe('distanceBucket', () => {
  it('counts the bucket bounds a distance reaches, like SQL width_bucket on the same array', () => {
    expect(distanceBucket(0)).toBe(0);
    expect(distanceBucket(4_999)).toBe(0);
    expect(distanceBucket(5_000)).toBe(1);
    expect(distanceBucket(39_999)).toBe(2);
    expect(distanceBucket(236_000)).toBe(4);
    expect(distanceBucket(900_000)).toBe(5);
  });
});

describe('tariffPriceBand', () => {
  it('spans 80% to 125% of the estimate, rounded outwards to prices', () => {
    expect(tariffPriceBand(45_000, 500)).toEqual({
      low: 36_000,
      high: 56_500,
      basis: 'tariff',
      sampleSize: 0,
    });
    expect(tariffPriceBand(18_300, 500)).toEqual({
      low: 14_500,
      high: 23_000,
      basis: 'tariff',
      sampleSize: 0,
    });
  });
});

describe('priceFlagFor', () => {
  const band = { low: 100_000, high: 200_000 };
  it('flags only prices more than 15% beyond the band', () => {
    expect(priceFlagFor(85_000, band)).toBeNull();
    expect(priceFlagFor(84_999, band)).toBe('LOW');
    expect(priceFlagFor(150_000, band)).toBeNull();
    expect(priceFlagFor(230_000, band)).toBeNull();
    expect(priceFlagFor(230_001, band)).toBe('HIGH');
  });
  it('flags nothing without a band', () => {
    expect(priceFlagFor(1, null)).toBeNull();
  });
});
