import { ACTIVE_RIDE_STATUSES, CHAT_OPEN_AFTER_END_MS, type RideStatus } from '@truck4u/contracts';

/** What decides whether a ride's two parties may write to each other. */
export interface ChatWindowFacts {
  status: RideStatus;
  driverId: string | null;
  /** When the ride reached COMPLETED or CANCELLED (completed_at / cancelled_at), null while it runs. */
  endedAt: Date | null;
}

export interface ChatWindow {
  isOpen: boolean;
  /** When sending stops: one hour after the end; null while the ride runs or when it never opened. */
  closesAt: Date | null;
}

const ACTIVE: readonly RideStatus[] = ACTIVE_RIDE_STATUSES;

/**
 * The chat opens when a bid is accepted (a driver is assigned) and stays open until one hour after the ride
 * ends, so the parties can sort out a forgotten item or a late receipt; before acceptance there is nobody to
 * talk to (bids carry their own message). A ride cancelled before any acceptance never opens.
 */
export function chatWindow(ride: ChatWindowFacts, nowMs: number): ChatWindow {
  if (ride.driverId === null) return { isOpen: false, closesAt: null };
  if (ACTIVE.includes(ride.status)) return { isOpen: true, closesAt: null };
  if ((ride.status === 'COMPLETED' || ride.status === 'CANCELLED') && ride.endedAt !== null) {
    const closesAt = new Date(ride.endedAt.getTime() + CHAT_OPEN_AFTER_END_MS);
    return { isOpen: closesAt.getTime() > nowMs, closesAt };
  }
  return { isOpen: false, closesAt: null };
}
