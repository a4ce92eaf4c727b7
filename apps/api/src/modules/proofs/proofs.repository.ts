import type { Proof, ProofStage, RideFlag, RideFlagKind, RideStatus } from '@truck4u/contracts';
import { deliveryCodes, type Executor, rideFlags, rideProofs, rides } from '@truck4u/database';
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';

type ProofRow = typeof rideProofs.$inferSelect;
type FlagRow = typeof rideFlags.$inferSelect;
export type DeliveryCodeRow = typeof deliveryCodes.$inferSelect;

export function toProofDto(row: ProofRow): Proof {
  return {
    id: row.id,
    rideId: row.rideId,
    driverId: row.driverId,
    stage: row.stage as ProofStage,
    uploadIds: row.uploadIds,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

function toFlagDto(row: FlagRow): RideFlag {
  return {
    id: row.id,
    rideId: row.rideId,
    kind: row.kind as RideFlagKind,
    details: row.details ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the trust checks need of a ride; `lock` takes its row lock inside a status change's transaction. */
export async function findRideForTrust(db: Executor, rideId: string, lock = false) {
  const query = db
    .select({
      id: rides.id,
      status: rides.status,
      customerId: rides.customerId,
      driverId: rides.driverId,
      dropoffLat: rides.dropoffLat,
      dropoffLng: rides.dropoffLng,
      recipientName: rides.recipientName,
      recipientPhone: rides.recipientPhone,
      completedAt: rides.completedAt,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  const [row] = await (lock ? query.for('update') : query);
  return row ?? null;
}

export async function insertProof(
  db: Executor,
  proof: { rideId: string; driverId: string; stage: ProofStage; uploadIds: string[]; note: string | null },
): Promise<Proof> {
  const [row] = await db.insert(rideProofs).values(proof).returning();
  if (!row) throw new Error('proof insert returned no row');
  return toProofDto(row);
}

export async function listProofs(db: Executor, rideId: string): Promise<Proof[]> {
  const rows = await db
    .select()
    .from(rideProofs)
    .where(eq(rideProofs.rideId, rideId))
    .orderBy(asc(rideProofs.createdAt), asc(rideProofs.id));
  return rows.map(toProofDto);
}

export async function insertFlag(
  db: Executor,
  flag: { rideId: string; kind: RideFlagKind; details: unknown },
): Promise<void> {
  await db.insert(rideFlags).values(flag);
}

/**
 * A flag unless the ride already has `max` of that kind: a phone with a broken GPS must not write a row
 * every few seconds. (Two inserts racing may both pass the count; a flag too many is harmless.)
 */
export async function insertFlagUpTo(
  db: Executor,
  flag: { rideId: string; kind: RideFlagKind; details: unknown },
  max: number,
): Promise<boolean> {
  const inserted = await db.execute(sql`
    INSERT INTO ${rideFlags} (ride_id, kind, details)
    SELECT ${flag.rideId}::uuid, ${flag.kind}, ${JSON.stringify(flag.details)}::jsonb
    WHERE (SELECT count(*) FROM ${rideFlags} WHERE ride_id = ${flag.rideId}::uuid AND kind = ${flag.kind}) < ${max}
    RETURNING id`);
  return inserted.rows.length > 0;
}

export async function listFlags(db: Executor, rideId: string): Promise<RideFlag[]> {
  const rows = await db
    .select()
    .from(rideFlags)
    .where(eq(rideFlags.rideId, rideId))
    .orderBy(asc(rideFlags.createdAt), asc(rideFlags.id));
  return rows.map(toFlagDto);
}

/** A new code for the ride, or the one it has (a replay of IN_TRANSIT must not change the code sent). */
export async function insertDeliveryCode(
  db: Executor,
  code: { rideId: string; codeHash: string; nonce: string },
): Promise<void> {
  await db.insert(deliveryCodes).values(code).onConflictDoNothing();
}

/** Replaces the code: new nonce and hash, tries and lock cleared, SMS to send again. */
export async function replaceDeliveryCode(
  db: Executor,
  code: { rideId: string; codeHash: string; nonce: string },
): Promise<boolean> {
  const rows = await db
    .update(deliveryCodes)
    .set({
      codeHash: code.codeHash,
      nonce: code.nonce,
      failedTries: 0,
      lockedAt: null,
      smsClaimedAt: null,
      smsSentAt: null,
      verifiedAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(deliveryCodes.rideId, code.rideId))
    .returning({ rideId: deliveryCodes.rideId });
  return rows.length > 0;
}

export async function findDeliveryCode(
  db: Executor,
  rideId: string,
  lock = false,
): Promise<DeliveryCodeRow | null> {
  const query = db.select().from(deliveryCodes).where(eq(deliveryCodes.rideId, rideId));
  const [row] = await (lock ? query.for('update') : query);
  return row ?? null;
}

/** One wrong try, counted in the row (locked by the caller); locks the code when it reaches `maxTries`. */
export async function countWrongTry(
  db: Executor,
  rideId: string,
  maxTries: number,
): Promise<{ failedTries: number; locked: boolean }> {
  const [row] = await db
    .update(deliveryCodes)
    .set({
      failedTries: sql`${deliveryCodes.failedTries} + 1`,
      lockedAt: sql`CASE WHEN ${deliveryCodes.failedTries} + 1 >= ${maxTries} THEN now() ELSE NULL END`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(deliveryCodes.rideId, rideId), isNull(deliveryCodes.lockedAt)))
    .returning({ failedTries: deliveryCodes.failedTries, lockedAt: deliveryCodes.lockedAt });
  if (!row) return { failedTries: maxTries, locked: true };
  return { failedTries: row.failedTries, locked: row.lockedAt !== null };
}

export async function markCodeVerified(db: Executor, rideId: string): Promise<void> {
  await db
    .update(deliveryCodes)
    .set({ verifiedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(deliveryCodes.rideId, rideId));
}

/** Support's override (docs/TRUST.md#delivery-code): the same code works again, tries back to the limit. */
export async function unlockDeliveryCode(db: Executor, rideId: string): Promise<void> {
  await db
    .update(deliveryCodes)
    .set({ failedTries: 0, lockedAt: null, updatedAt: sql`now()` })
    .where(eq(deliveryCodes.rideId, rideId));
}

/** The time before which an SMS claim (or an unclaimed code) is stale: `claimMs` ago, by Postgres' clock. */
const staleBefore = (claimMs: number) => sql`now() - ${claimMs} * interval '1 millisecond'`;

/**
 * Claims the SMS of the current code: true for exactly one caller while it has not been sent, unless the
 * claim it finds is older than `claimMs` (its holder died or lost Postgres mid-send) and is taken over.
 */
export async function claimCodeSms(
  db: Executor,
  rideId: string,
  nonce: string,
  claimMs: number,
): Promise<boolean> {
  const rows = await db
    .update(deliveryCodes)
    .set({ smsClaimedAt: sql`now()` })
    .where(
      and(
        eq(deliveryCodes.rideId, rideId),
        eq(deliveryCodes.nonce, nonce),
        isNull(deliveryCodes.smsSentAt),
        sql`(${deliveryCodes.smsClaimedAt} IS NULL OR ${deliveryCodes.smsClaimedAt} < ${staleBefore(claimMs)})`,
      ),
    )
    .returning({ rideId: deliveryCodes.rideId });
  return rows.length > 0;
}

/** The provider accepted the SMS of code `nonce`: it is never sent again (unless the code is replaced). */
export async function markCodeSmsSent(db: Executor, rideId: string, nonce: string): Promise<void> {
  await db
    .update(deliveryCodes)
    .set({ smsSentAt: sql`now()` })
    .where(and(eq(deliveryCodes.rideId, rideId), eq(deliveryCodes.nonce, nonce)));
}

/** Gives the claim back after the SMS failed, so a later attempt sends it (only if the code is unchanged). */
export async function releaseCodeSms(db: Executor, rideId: string, nonce: string): Promise<void> {
  await db
    .update(deliveryCodes)
    .set({ smsClaimedAt: null })
    .where(
      and(eq(deliveryCodes.rideId, rideId), eq(deliveryCodes.nonce, nonce), isNull(deliveryCodes.smsSentAt)),
    );
}

/**
 * Codes of rides on their way to a recipient that were never texted and that nobody is texting: unclaimed
 * for `claimMs` since they were made (the process died between the commit and the send, or could not queue
 * the retry) or claimed longer ago than that (it died mid-send). Rides in `statuses` only; oldest first.
 */
export async function findUnsentCodes(
  db: Executor,
  query: { statuses: readonly RideStatus[]; claimMs: number; limit: number },
): Promise<{ rideId: string; nonce: string }[]> {
  const { statuses, claimMs, limit } = query;
  return db
    .select({ rideId: deliveryCodes.rideId, nonce: deliveryCodes.nonce })
    .from(deliveryCodes)
    .innerJoin(rides, eq(rides.id, deliveryCodes.rideId))
    .where(
      and(
        isNull(deliveryCodes.smsSentAt),
        sql`coalesce(${deliveryCodes.smsClaimedAt}, ${deliveryCodes.updatedAt}) < ${staleBefore(claimMs)}`,
        inArray(rides.status, [...statuses]),
        isNotNull(rides.recipientPhone),
      ),
    )
    .orderBy(asc(deliveryCodes.updatedAt))
    .limit(limit);
}
