import type { Role } from '@truck4u/contracts';

// Key names are part of the contract with operators (docs/SECURITY.md#revocation-at-once-and-everywhere);
// the same strings are the primary key of token_revocations, so Redis can be rebuilt from Postgres.
export const BLACKLIST_PREFIX = 'token:blacklist:';
export const revokedTokenKey = (jti: string) => `${BLACKLIST_PREFIX}${jti}`;
export const userCutoffKey = (role: Role, userId: string) => `${BLACKLIST_PREFIX}user:${role}:${userId}`;
export const revokedSessionKey = (sessionId: string) => `${BLACKLIST_PREFIX}session:${sessionId}`;

export type RevocationKind = 'token' | 'user' | 'session';

export function revocationKind(key: string): RevocationKind {
  if (key.startsWith(`${BLACKLIST_PREFIX}user:`)) return 'user';
  if (key.startsWith(`${BLACKLIST_PREFIX}session:`)) return 'session';
  return 'token';
}
