import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Delivery codes (docs/TRUST.md#delivery-code). The code is derived from a server secret, the ride and a
 * random nonce, and only its hash is stored: a copy of the database alone reveals no code, yet the server
 * can show the customer the code again (they relay it when the recipient lost the SMS).
 */
export function newDeliveryNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The six digits for this ride and nonce (HMAC-SHA-256, reduced to 000000–999999). */
export function deriveDeliveryCode(secret: string, rideId: string, nonce: string): string {
  const digest = createHmac('sha256', secret).update(`code:${rideId}:${nonce}`).digest();
  // 48 bits reduced modulo 10^6: the bias (2^48 mod 10^6 over 2^48) is far below one in a million.
  return String(digest.readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
}

/** What is stored: a keyed hash of the code, so even the digits cannot be brute-forced offline. */
export function hashDeliveryCode(secret: string, rideId: string, code: string): string {
  return createHmac('sha256', secret).update(`hash:${rideId}:${code}`).digest('hex');
}

/** Compares in constant time; anything but six digits is simply wrong. */
export function isDeliveryCodeCorrect(
  secret: string,
  rideId: string,
  code: string,
  storedHash: string,
): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const given = Buffer.from(hashDeliveryCode(secret, rideId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
