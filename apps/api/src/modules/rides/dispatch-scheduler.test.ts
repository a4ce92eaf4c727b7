import { describe, expect, it } from 'vitest';
import { scheduledDispatchStart } from './dispatch-scheduler';

const HOUR = 3_600_000;
const now = new Date('2026-03-02T08:00:00Z');

describe('scheduledDispatchStart', () => {
  it('starts at once when the ride is not scheduled', () => {
    expect(scheduledDispatchStart(null, HOUR, now)).toBeNull();
  });

  it('starts at once when the ride is due within the lead time', () => {
    expect(scheduledDispatchStart(new Date(now.getTime() + 30 * 60_000), HOUR, now)).toBeNull();
    expect(scheduledDispatchStart(new Date(now.getTime() + HOUR), HOUR, now)).toBeNull();
  });

  it('waits until the lead time before a ride booked further ahead', () => {
    const scheduledAt = new Date('2026-03-05T14:00:00Z');
    expect(scheduledDispatchStart(scheduledAt, HOUR, now)).toEqual(new Date('2026-03-05T13:00:00Z'));
  });

  it('with no lead time waits until the ride is due', () => {
    const scheduledAt = new Date(now.getTime() + 5_000);
    expect(scheduledDispatchStart(scheduledAt, 0, now)).toEqual(scheduledAt);
  });
});
