import { type Database, tokenRevocations } from '@truck4u/database';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';

export type RevocationRow = typeof tokenRevocations.$inferSelect;

/** The Postgres channel on which an instance announces a revocation it could not copy into Redis. */
export const REVOCATIONS_CHANNEL = 'token_revocations';

/** Inserts or extends a revocation; a later cut-off supersedes an earlier one, never the reverse. */
export async function upsertRevocation(
  db: Database,
  values: { key: string; cutoffAt: Date | null; reason: string; expiresAt: Date },
): Promise<void> {
  await db
    .insert(tokenRevocations)
    .values(values)
    .onConflictDoUpdate({
      target: tokenRevocations.key,
      set: {
        cutoffAt: sql`GREATEST(${tokenRevocations.cutoffAt}, excluded.cutoff_at)`,
        reason: sql`excluded.reason`,
        expiresAt: sql`GREATEST(${tokenRevocations.expiresAt}, excluded.expires_at)`,
      },
    });
}

export async function findRevocation(db: Database, key: string): Promise<RevocationRow | null> {
  const [row] = await db.select().from(tokenRevocations).where(eq(tokenRevocations.key, key));
  return row ?? null;
}

/** Every revocation that has not expired yet. */
export function findLiveRevocations(db: Database): Promise<RevocationRow[]> {
  return db.select().from(tokenRevocations).where(gt(tokenRevocations.expiresAt, sql`now()`));
}

export async function findLiveRevocationKeys(db: Database): Promise<string[]> {
  const rows = await db
    .select({ key: tokenRevocations.key })
    .from(tokenRevocations)
    .where(gt(tokenRevocations.expiresAt, sql`now()`));
  return rows.map((row) => row.key);
}

/** Which of `keys` are live revocations, with their cut-off in epoch ms (0 for keys without one). */
export async function findLiveCutoffs(db: Database, keys: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: tokenRevocations.key, cutoffAt: tokenRevocations.cutoffAt })
    .from(tokenRevocations)
    .where(and(inArray(tokenRevocations.key, [...keys]), gt(tokenRevocations.expiresAt, sql`now()`)));
  return new Map(rows.map((r) => [r.key, r.cutoffAt?.getTime() ?? 0]));
}

export async function announceRevocation(db: Database, key: string): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${REVOCATIONS_CHANNEL}, ${key})`);
}
