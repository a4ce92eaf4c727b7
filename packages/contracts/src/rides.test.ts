import { describe, expect, it } from 'vitest';
import { canTransition, isTerminalStatus, RIDE_STATUSES, RIDE_TRANSITIONS } from './rides';

describe('ride status machine', () => {
  it('walks the happy path from posting to completion', () => {
    const path = [
      'PENDING_BIDS',
      'BID_ACCEPTED',
      'DRIVER_ARRIVING',
      'PICKUP_ARRIVED',
      'LOADING',
      'IN_TRANSIT',
      'DROPOFF_ARRIVED',
      'COMPLETED',
    ] as const;
    for (let i = 1; i < path.length; i++)
      expect(canTransition(path[i - 1] as never, path[i] as never)).toBe(true);
  });

  it('allows cancelling only before loading starts', () => {
    const cancellable = RIDE_STATUSES.filter((s) => canTransition(s, 'CANCELLED'));
    expect(cancellable).toEqual([
      'PENDING_BIDS',
      'NO_DRIVERS_AVAILABLE',
      'BID_ACCEPTED',
      'DRIVER_ARRIVING',
      'PICKUP_ARRIVED',
    ]);
  });

  it('lets a customer retry after nobody answered, and nothing leaves a terminal status', () => {
    expect(canTransition('NO_DRIVERS_AVAILABLE', 'PENDING_BIDS')).toBe(true);
    expect(isTerminalStatus('COMPLETED')).toBe(true);
    expect(isTerminalStatus('CANCELLED')).toBe(true);
    expect(RIDE_STATUSES.filter(isTerminalStatus)).toEqual(['COMPLETED', 'CANCELLED']);
  });

  it('never skips a step or goes backwards', () => {
    expect(canTransition('BID_ACCEPTED', 'IN_TRANSIT')).toBe(false);
    expect(canTransition('IN_TRANSIT', 'LOADING')).toBe(false);
    expect(canTransition('PENDING_BIDS', 'COMPLETED')).toBe(false);
    for (const from of RIDE_STATUSES) expect(RIDE_TRANSITIONS[from]).not.toContain(from);
  });
});
