import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst up to its capacity, then refuses', () => {
    const bucket = new TokenBucket(3, 1, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('refills at its rate and never beyond its capacity', () => {
    const bucket = new TokenBucket(2, 2, 0);
    bucket.tryTake(0);
    bucket.tryTake(0);
    expect(bucket.tryTake(100)).toBe(false);
    expect(bucket.tryTake(600)).toBe(true);
    expect(bucket.tryTake(60_000)).toBe(true);
    expect(bucket.tryTake(60_000)).toBe(true);
    expect(bucket.tryTake(60_000)).toBe(false);
  });
});
