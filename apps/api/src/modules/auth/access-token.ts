import { randomUUID } from 'node:crypto';
import { type Role, roleSchema } from '@truck4u/contracts';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';

const ALGORITHM = 'HS256';
// RFC 9068 access-token type: a refresh token, ID token or any other JWT signed with the same key is refused.
const TOKEN_TYPE = 'at+jwt';

export interface AccessClaims {
  sub: string;
  role: Role;
  jti: string;
  /** Session (refresh-token family) the token was issued in. */
  sid: string;
  /** Issued-at in seconds with millisecond fraction, so a cut-off at T never kills a token issued just after T. */
  iat: number;
  exp: number;
}

const claimsSchema = z.object({
  sub: z.uuid(),
  role: roleSchema,
  jti: z.string().min(16).max(64),
  sid: z.uuid(),
  iat: z.number(),
  exp: z.number(),
});

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly config: Config['tokens']) {
    this.key = new TextEncoder().encode(config.secret);
  }

  async sign(
    subject: { id: string; role: Role },
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
      .sign(this.key);
    return { token, claims };
  }

  /** Verifies signature, algorithm, type, issuer, audience and expiry; throws TOKEN_INVALID or TOKEN_EXPIRED. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) throw new AppError('TOKEN_INVALID', 'Access token claims are invalid');
      return parsed.data;
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'Access token has expired');
      throw new AppError('TOKEN_INVALID', 'Access token is invalid');
    }
  }
}
