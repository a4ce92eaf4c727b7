import { describe, expect, it } from 'vitest';
import { requestHash, sortedEntries } from './request-hash';

// Idempotency rows already stored hold these fingerprints: a change here would turn honest retries into
// IDEMPOTENCY_KEY_REUSED conflicts.
describe('requestHash', () => {
  it('hashes a ride body as given, in schema order', () => {
    expect(requestHash({ pickup: { lat: 36.8, lng: 10.18 }, vehicleType: 'PICKUP' })).toBe(
      '43136cd10f3df219352cd55e9e92a7b5f8bede52657824b99a58a023088af399',
    );
  });

  it('hashes a payment request the same whatever order its keys came in', () => {
    const expected = '98b1d3d720adad9c55cf361d04a5fd8c8346adc009abc8382f5f987e0547dcc1';
    expect(requestHash(sortedEntries({ purpose: 'RIDE', rideId: 'r-1', method: 'WALLET' }))).toBe(expected);
    expect(requestHash(sortedEntries({ method: 'WALLET', rideId: 'r-1', purpose: 'RIDE' }))).toBe(expected);
  });
});
