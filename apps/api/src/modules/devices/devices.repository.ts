import type { DevicePlatform, Role } from '@truck4u/contracts';
import { type Database, pushDevices, rides } from '@truck4u/database';
import { and, eq, inArray, sql } from 'drizzle-orm';

export interface DeviceRow {
  token: string;
  platform: DevicePlatform;
  createdAt: Date;
  /** Whether the token already belonged to this user before this call. */
  wasTheirs: boolean;
}

/**
 * Registers the token for the user. The token is the key: registered by someone else before (a phone signed
 * in with another account), it moves to this user and the previous owner stops receiving its pushes.
 */
export async function saveDevice(
  db: Database,
  owner: { role: Role; userId: string },
  device: { token: string; platform: DevicePlatform },
): Promise<DeviceRow> {
  // The owner's registration time survives a refresh; a new or moved token starts at now() (this transaction's
  // start), which is how `wasTheirs` tells them apart.
  const isSameOwner = sql`${pushDevices.userRole} = ${owner.role} AND ${pushDevices.userId} = ${owner.userId}`;
  const [row] = await db
    .insert(pushDevices)
    .values({ token: device.token, userRole: owner.role, userId: owner.userId, platform: device.platform })
    .onConflictDoUpdate({
      target: pushDevices.token,
      set: {
        userRole: owner.role,
        userId: owner.userId,
        platform: device.platform,
        createdAt: sql`CASE WHEN ${isSameOwner} THEN ${pushDevices.createdAt} ELSE now() END`,
        updatedAt: sql`now()`,
      },
    })
    .returning({
      token: pushDevices.token,
      platform: pushDevices.platform,
      createdAt: pushDevices.createdAt,
      wasTheirs: sql<boolean>`${pushDevices.createdAt} < now()`,
    });
  if (!row) throw new Error('device upsert returned no row');
  return { ...row, platform: row.platform as DevicePlatform };
}

/** Deletes the user's own token; false when the token is not theirs (or not registered). */
export async function deleteOwnDevice(
  db: Database,
  owner: { role: Role; userId: string },
  token: string,
): Promise<boolean> {
  const deleted = await db
    .delete(pushDevices)
    .where(
      and(
        eq(pushDevices.token, token),
        eq(pushDevices.userRole, owner.role),
        eq(pushDevices.userId, owner.userId),
      ),
    )
    .returning({ token: pushDevices.token });
  return deleted.length > 0;
}

export async function findDeviceTokens(db: Database, role: Role, userId: string): Promise<string[]> {
  const rows = await db
    .select({ token: pushDevices.token })
    .from(pushDevices)
    .where(and(eq(pushDevices.userRole, role), eq(pushDevices.userId, userId)));
  return rows.map((r) => r.token);
}

/** Forgets tokens the push service says reach no device any more, whoever holds them now. */
export async function deleteDeviceTokens(db: Database, tokens: readonly string[]): Promise<void> {
  if (tokens.length === 0) return;
  await db.delete(pushDevices).where(inArray(pushDevices.token, [...tokens]));
}

/** The ride's two parties, for pushing a chat message to the one who did not write it. */
export async function findRideParties(
  db: Database,
  rideId: string,
): Promise<{ customerId: string; driverId: string | null } | null> {
  const [row] = await db
    .select({ customerId: rides.customerId, driverId: rides.driverId })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row ?? null;
}
