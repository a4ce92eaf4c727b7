import type { UserRef } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { refreshTokens } from '@truck4u/database';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/**
 * Marks a live refresh token used and returns it; null when it is unknown, used, revoked or expired. The
 * conditional update is the race guard: of two concurrent refreshes, exactly one gets the row.
 */
export async function spendRefreshToken(tx: Executor, tokenHash: string): Promise<RefreshTokenRow | null> {
  const [spent] = await tx
    .update(refreshTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return spent ?? null;
}

export async function findRefreshToken(db: Executor, tokenHash: string): Promise<RefreshTokenRow | null> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row ?? null;
}

export async function insertRefreshToken(
  tx: Executor,
  values: typeof refreshTokens.$inferInsert,
): Promise<string | null> {
  const [row] = await tx.insert(refreshTokens).values(values).returning({ id: refreshTokens.id });
  return row?.id ?? null;
}

export async function markRefreshTokenReplaced(
  tx: Executor,
  id: string,
  replacedById: string,
): Promise<void> {
  await tx.update(refreshTokens).set({ replacedById }).where(eq(refreshTokens.id, id));
}

/** Revokes the refresh tokens of one session (a refresh-token family) that are not revoked yet. */
export async function revokeRefreshTokenFamily(
  db: Executor,
  familyId: string,
  reason: string,
): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes every refresh token of an account that is not revoked yet. */
export async function revokeUserRefreshTokens(tx: Executor, user: UserRef, reason: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(refreshTokens.userRole, user.role),
        eq(refreshTokens.userId, user.id),
        isNull(refreshTokens.revokedAt),
      ),
    );
}

/** The database's clock in epoch ms, read now (clock_timestamp), not at the start of the transaction. */
export async function readDatabaseClockMs(tx: Executor): Promise<number> {
  const result = await tx.execute<{ now_ms: string }>(
    sql`SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now_ms`,
  );
  const value = result.rows[0]?.now_ms;
  return Number(value);
}
