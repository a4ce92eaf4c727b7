import { describe, expect, it } from 'vitest';
import {
  deriveDeliveryCode,
  hashDeliveryCode,
  isDeliveryCodeCorrect,
  newDeliveryNonce,
} from './delivery-code';

const secret = 'a-test-secret-of-some-length';
const rideId = '00000000-0000-4000-8000-000000000001';

describe('delivery codes', () => {
  it('derives six digits, the same for the same ride and nonce', () => {
    const nonce = newDeliveryNonce();
    const code = deriveDeliveryCode(secret, rideId, nonce);
    expect(code).toMatch(/^\d{6}$/);
    expect(deriveDeliveryCode(secret, rideId, nonce)).toBe(code);
  });

  it('gives another code for another nonce, ride or secret', () => {
    const codes = new Set(
      Array.from({ length: 50 }, () => deriveDeliveryCode(secret, rideId, newDeliveryNonce())),
    );
    // 50 draws from a million values: a collision or two at most, never a constant.
    expect(codes.size).toBeGreaterThan(45);
  });

  it('accepts only the code whose hash is stored', () => {
    const code = deriveDeliveryCode(secret, rideId, 'n');
    const stored = hashDeliveryCode(secret, rideId, code);
    expect(isDeliveryCodeCorrect(secret, rideId, code, stored)).toBe(true);
    const wrong = code === '000000' ? '000001' : '000000';
    expect(isDeliveryCodeCorrect(secret, rideId, wrong, stored)).toBe(false);
    expect(isDeliveryCodeCorrect(secret, rideId, ` ${code}`, stored)).toBe(false);
    // The hash is keyed by the ride: the same digits on another ride do not match.
    expect(isDeliveryCodeCorrect(secret, '00000000-0000-4000-8000-000000000002', code, stored)).toBe(false);
  });
});
