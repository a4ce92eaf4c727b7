/**
 * The time every calendar rule reads ("today", "this week", "expires in"). Services take a Clock instead of
 * calling `new Date()` so tests can pin the date: a rule that depends on the day the suite runs is a rule
 * nobody tested on the 1st of the month.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Follows the system time until `pin()` fixes it; `release()` goes back to following it. For tests. */
export class AdjustableClock implements Clock {
  private pinned: Date | undefined;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  pin(at: Date | string): void {
    this.pinned = new Date(at);
  }

  release(): void {
    this.pinned = undefined;
  }
}
