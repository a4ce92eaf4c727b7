import {
  createHmac,
  createSecretKey,
  type KeyObject,
  randomUUID,
  timingSafeEqual,
  webcrypto,
} from 'node:crypto';
import { roleSchema, type UserRef } from '@truck4u/contracts';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';
import type { AccessClaims } from '../../http/authenticate';

const ALGORITHM = 'HS256';
// RFC 9068 access-token type: a refresh token, ID token or any other JWT signed with the same key is refused.
const TOKEN_TYPE = 'at+jwt';

const claimsSchema = z.object({
  sub: z.uuid(),
  role: roleSchema,
  jti: z.string().min(16).max(64),
  sid: z.uuid(),
  iat: z.number(),
  exp: z.number(),
});

// About 0.6 KB per entry (the token and its claims): a few megabytes at most.
const VERIFIED_CACHE_SIZE = 10_000;

export class AccessTokens {
  // Both made once: handed raw bytes, jose imports the key again on every call (~60 µs of CPU per verify).
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly verifyKey: KeyObject;
  readonly #verified = new Map<string, { claims: AccessClaims; notBefore: number }>();

  constructor(private readonly config: Config['tokens']) {
    const secret = new TextEncoder().encode(config.secret);
    this.verifyKey = createSecretKey(secret);
    this.key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  async sign(
    subject: UserRef,
    sessionId: string,
    now = Date.now(),
  ): Promise<{ token: string; claims: AccessClaims }> {
    const claims: AccessClaims = {
      sub: subject.id,
      role: subject.role,
      jti: randomUUID(),
      sid: sessionId,
      iat: now / 1000,
      exp: Math.floor(now / 1000) + this.config.accessTtlSeconds,
    };
    const token = await new SignJWT({ role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
      .setSubject(claims.sub)
      .setJti(claims.jti)
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .sign(await this.key);
    return { token, claims };
  }

  /** Verifies signature, algorithm, type, issuer, audience and expiry; rejects with TOKEN_INVALID or TOKEN_EXPIRED. */
  async verify(token: string): Promise<AccessClaims> {
    return this.verifyNow(token);
  }

  /**
   * `verify`, synchronously (it throws). A token verified before is answered from `#verified` without the
   * HMAC and the parsing: the same string always gets the same signature verdict, so only the clock checks
   * (expiry, not-before) are made again. Clients send one token for its whole life (15 minutes by default),
   * so most requests hit.
   */
  verifyNow(token: string): AccessClaims {
    const now = Math.floor(Date.now() / 1000);
    const known = this.#verified.get(token);
    if (known) {
      if (known.claims.exp > now && known.notBefore <= now) return known.claims;
      this.#verified.delete(token);
    }
    const payload = this.verifiedPayload(token, now);
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw invalidToken();
    const claims = Object.freeze(parsed.data);
    // Dropping the oldest entry bounds the memory (a Map iterates in insertion order).
    if (this.#verified.size >= VERIFIED_CACHE_SIZE)
      this.#verified.delete(this.#verified.keys().next().value as string);
    this.#verified.set(token, { claims, notBefore: typeof payload.nbf === 'number' ? payload.nbf : 0 });
    return claims;
  }

  /**
   * The JWS check of jwtVerify with the options this api always used (HS256 only, typ at+jwt, issuer,
   * audience, required sub/jti/iat/exp, no clock tolerance), done synchronously with the key object made
   * once: jose's WebCrypto path costs ~110 µs of CPU per request under load, this ~10 µs.
   * access-token.test.ts holds it to jwtVerify's answers token by token.
   */
  private verifiedPayload(token: string, now: number): Record<string, unknown> {
    const parts = token.split('.');
    if (parts.length !== 3) throw invalidToken();
    const [header, payload, signature] = parts as [string, string, string];
    // Compared as base64url text, so a signature with extra or altered padding bits is refused too.
    const expected = Buffer.from(
      createHmac('sha256', this.verifyKey).update(`${header}.${payload}`).digest('base64url'),
    );
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
    const protectedHeader = decodeSegment(header);
    if (
      protectedHeader.alg !== ALGORITHM ||
      normalizeTyp(protectedHeader.typ) !== TOKEN_TYPE ||
      // An extension this verifier does not implement (b64 among them) must not be ignored (RFC 7515, 4.1.11).
      protectedHeader.crit !== undefined
    ) {
      throw invalidToken();
    }
    const claims = decodeSegment(payload);
    if (claims.iss !== this.config.issuer) throw invalidToken();
    const audience = claims.aud;
    const hasAudience = Array.isArray(audience)
      ? audience.includes(this.config.audience)
      : audience === this.config.audience;
    if (!hasAudience) throw invalidToken();
    for (const name of ['sub', 'jti', 'iat', 'exp'] as const)
      if (claims[name] === undefined) throw invalidToken();
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') throw invalidToken();
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now))
      throw invalidToken();
    if (claims.exp <= now) throw new AppError('TOKEN_EXPIRED', 'Access token has expired');
    return claims;
  }
}

const invalidToken = () => new AppError('TOKEN_INVALID', 'Access token is invalid');

/** A JOSE header or claims segment: base64url JSON of an object, or the token is invalid. */
function decodeSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidToken();
  return value as Record<string, unknown>;
}

// As jose compares `typ`: case-insensitive, with or without the "application/" prefix.
function normalizeTyp(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
