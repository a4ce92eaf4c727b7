/** Starts (or restarts, after NO_DRIVERS_AVAILABLE) the widening-circle search for drivers of a ride. */
export interface DispatchScheduler {
  /** `round` increases on each retry so job ids of a new round never collide with the old ones. */
  startDispatch(rideId: string, round: number): Promise<void>;
}
