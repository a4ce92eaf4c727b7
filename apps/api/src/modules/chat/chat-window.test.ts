import { describe, expect, it } from 'vitest';
import { chatWindow } from './chat-window';

const DRIVER = '00000000-0000-4000-8000-000000000001';
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('the chat window of a ride', () => {
  it('is closed while the ride takes bids: nobody is assigned yet', () => {
    expect(chatWindow({ status: 'PENDING_BIDS', driverId: null, endedAt: null }, NOW)).toEqual({
      isOpen: false,
      closesAt: null,
    });
  });

  it('is open from acceptance while the ride runs, with no closing time yet', () => {
    for (const status of ['BID_ACCEPTED', 'LOADING', 'DROPOFF_ARRIVED'] as const) {
      expect(chatWindow({ status, driverId: DRIVER, endedAt: null }, NOW)).toEqual({
        isOpen: true,
        closesAt: null,
      });
    }
  });

  it('stays open for one hour after the ride ends, then closes', () => {
    const endedAt = new Date(NOW - 59 * 60_000);
    const open = chatWindow({ status: 'COMPLETED', driverId: DRIVER, endedAt }, NOW);
    expect(open).toEqual({ isOpen: true, closesAt: new Date(NOW + 60_000) });
    const later = chatWindow({ status: 'COMPLETED', driverId: DRIVER, endedAt }, NOW + 60_000);
    expect(later.isOpen).toBe(false);
  });

  it('never opens for a ride cancelled before a driver was assigned', () => {
    expect(chatWindow({ status: 'CANCELLED', driverId: null, endedAt: new Date(NOW) }, NOW).isOpen).toBe(
      false,
    );
  });
});
