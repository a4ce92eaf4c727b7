/**
 * Starts (or restarts, after NO_DRIVERS_AVAILABLE) the widening-circle search for drivers of a ride. Rides
 * declares the port and modules/dispatch implements it (DispatchQueue), since dispatch sits above rides in
 * the domain order.
 */
export interface DispatchScheduler {
  /**
   * `round` increases on each retry so job ids of a new round never collide with the old ones. With
   * `startAt` the first step waits until then (a ride booked ahead); the job id is the same either way.
   * With `favouritesFirst` the round begins with the customer's favourite drivers (modules/dispatch).
   */
  startDispatch(
    rideId: string,
    round: number,
    startAt?: Date,
    options?: { favouritesFirst?: boolean },
  ): Promise<void>;
}

/**
 * When the search for a ride booked for `scheduledAt` should begin: `leadMs` before it, or null (at once)
 * when that moment is not in the future. A driver who accepts holds no other ride until this one is over,
 * so offering a ride days ahead would take them off the market until then.
 */
export function scheduledDispatchStart(scheduledAt: Date | null, leadMs: number, now: Date): Date | null {
  if (scheduledAt === null) return null;
  const startAt = scheduledAt.getTime() - leadMs;
  return startAt > now.getTime() ? new Date(startAt) : null;
}
