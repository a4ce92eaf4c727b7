import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { otpPurposeEnum, roleEnum } from './enums';
import { tz } from './users';

/**
 * Opaque refresh tokens, stored only as a SHA-256 hash. A family is one login session: every rotation
 * stays in the family, and presenting a spent member revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    familyId: uuid('family_id').notNull(),
    userRole: roleEnum('user_role').notNull(),
    userId: uuid('user_id').notNull(),
    issuedAt: tz('issued_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    usedAt: tz('used_at'),
    replacedById: uuid('replaced_by_id'),
    revokedAt: tz('revoked_at'),
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userRole, t.userId),
  ],
);

/**
 * Durable mirror of the Redis blacklist. `key` is exactly the Redis key (token:blacklist:<jti>,
 * token:blacklist:user:<role>:<id>, token:blacklist:session:<sid>) so the two stores can be compared and
 * Redis rebuilt from here after a restart. `cutoffAt` is set for user-level cut-offs.
 */
export const tokenRevocations = pgTable(
  'token_revocations',
  {
    key: text('key').primaryKey(),
    cutoffAt: tz('cutoff_at'),
    reason: text('reason'),
    expiresAt: tz('expires_at').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('token_revocations_expires_idx').on(t.expiresAt)],
);

/** One-time SMS codes, hashed with a server-side key (a 6-digit space is too small for a plain hash). */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    role: roleEnum('role').notNull(),
    phone: text('phone').notNull(),
    purpose: otpPurposeEnum('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: tz('expires_at').notNull(),
    consumedAt: tz('consumed_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('otp_codes_lookup_idx').on(t.role, t.phone, t.purpose, t.createdAt)],
);
