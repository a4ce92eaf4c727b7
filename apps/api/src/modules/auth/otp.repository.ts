import type { Role } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { otpCodes } from '@truck4u/database';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';

export interface OtpScope {
  role: Role;
  phone: string;
  purpose: 'LOGIN' | 'PASSWORD_RESET';
}

/** Expires every live, unconsumed code of this scope. */
export async function expireLiveCodes(tx: Executor, scope: OtpScope): Promise<void> {
  await tx
    .update(otpCodes)
    .set({ expiresAt: sql`now()` })
    .where(
      and(
        eq(otpCodes.role, scope.role),
        eq(otpCodes.phone, scope.phone),
        eq(otpCodes.purpose, scope.purpose),
        isNull(otpCodes.consumedAt),
        gt(otpCodes.expiresAt, sql`now()`),
      ),
    );
}

/** Stores a code hash that expires `ttlSeconds` from the database's now; returns its id. */
export async function insertCode(
  tx: Executor,
  scope: OtpScope,
  codeHash: string,
  ttlSeconds: number,
): Promise<string | undefined> {
  const [row] = await tx
    .insert(otpCodes)
    .values({
      role: scope.role,
      phone: scope.phone,
      purpose: scope.purpose,
      codeHash,
      expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})`,
    })
    .returning({ id: otpCodes.id });
  return row?.id;
}

export async function deleteCode(db: Executor, id: string): Promise<void> {
  await db.delete(otpCodes).where(eq(otpCodes.id, id));
}

/**
 * Spends one guess on the newest live code of the scope, in one statement so parallel guesses cannot
 * exceed `maxAttempts`; returns the code, or null when there is none or its guesses are used up.
 */
export async function spendGuess(
  db: Executor,
  scope: OtpScope,
  maxAttempts: number,
): Promise<{ id: string; codeHash: string; attempts: number } | null> {
  const reserved = await db.execute<{ id: string; code_hash: string; attempts: number }>(sql`
    UPDATE otp_codes SET attempts = attempts + 1
    WHERE id = (
      SELECT id FROM otp_codes
      WHERE role = ${scope.role} AND phone = ${scope.phone} AND purpose = ${scope.purpose}
        AND consumed_at IS NULL AND expires_at > now()
      ORDER BY created_at DESC LIMIT 1
    )
    AND attempts < ${maxAttempts} AND consumed_at IS NULL
    RETURNING id, code_hash, attempts`);
  const row = reserved.rows[0];
  return row ? { id: row.id, codeHash: row.code_hash, attempts: row.attempts } : null;
}

/** Marks a code consumed; false when another request consumed it first. */
export async function consumeCode(db: Executor, id: string): Promise<boolean> {
  const consumed = await db
    .update(otpCodes)
    .set({ consumedAt: sql`now()` })
    .where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  return consumed.length > 0;
}
