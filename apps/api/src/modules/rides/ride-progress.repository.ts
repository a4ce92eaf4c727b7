import type { RideStatus } from '@truck4u/contracts';
import { type Executor, rideEvents } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';

/** The unique index that lets one client-made id be applied once per ride. */
export const CLIENT_EVENT_ID_INDEX = 'ride_events_client_event_id';

/** Marks the ride event a change wrote with the id the client gave that change. */
export async function tagClientEvent(tx: Executor, eventId: number, clientEventId: string): Promise<void> {
  await tx.update(rideEvents).set({ clientEventId }).where(eq(rideEvents.id, eventId));
}

/** The status a change with this client-made id moved the ride to, if it was applied. */
export async function findClientEvent(
  tx: Executor,
  rideId: string,
  clientEventId: string,
): Promise<{ toStatus: RideStatus | null } | null> {
  const [row] = await tx
    .select({ toStatus: rideEvents.toStatus })
    .from(rideEvents)
    .where(and(eq(rideEvents.rideId, rideId), eq(rideEvents.clientEventId, clientEventId)))
    .limit(1);
  return row ?? null;
}
