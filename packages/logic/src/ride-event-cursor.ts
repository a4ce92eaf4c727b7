import type { Ride, RideEvent, RideStatus } from '@truck4u/contracts';

/** A status change as the client learns it, live (`ride:status`) or caught up from `/events?after=`. */
export interface RideStatusChange {
  rideId: string;
  eventId: number;
  from: RideStatus | null;
  to: RideStatus;
  at: string;
  /** The ride after the change when it came live; absent when caught up over HTTP. */
  ride?: Ride;
}

/**
 * Remembers the last ride event id seen for each followed ride and drops duplicates, so a status change that
 * arrives both live and through catch-up is delivered once, in order of event id.
 */
export class RideEventCursor {
  private readonly lastSeen = new Map<string, number>();

  follow(rideId: string, lastEventId = 0): void {
    const known = this.lastSeen.get(rideId);
    if (known === undefined || lastEventId > known) this.lastSeen.set(rideId, lastEventId);
  }

  unfollow(rideId: string): void {
    this.lastSeen.delete(rideId);
  }

  followed(): string[] {
    return [...this.lastSeen.keys()];
  }

  after(rideId: string): number {
    return this.lastSeen.get(rideId) ?? 0;
  }

  /** True when the event is new (and records it); false for one already seen. */
  accept(rideId: string, eventId: number): boolean {
    const known = this.lastSeen.get(rideId) ?? 0;
    if (eventId <= known) return false;
    this.lastSeen.set(rideId, eventId);
    return true;
  }

  /** The status changes among caught-up events that were not seen yet, oldest first. */
  acceptEvents(rideId: string, events: readonly RideEvent[]): RideStatusChange[] {
    const changes: RideStatusChange[] = [];
    for (const event of [...events].sort((a, b) => a.id - b.id)) {
      if (!this.accept(rideId, event.id)) continue;
      if (event.toStatus)
        changes.push({
          rideId,
          eventId: event.id,
          from: event.fromStatus,
          to: event.toStatus,
          at: event.createdAt,
        });
    }
    return changes;
  }
}
