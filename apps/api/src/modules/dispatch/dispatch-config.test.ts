import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';

describe('dispatch configuration', () => {
  it('defaults to radii 5, 10, 20, 40 km, a 3-minute window, an immediate first step and a 1-hour lead for booked rides', () => {
    expect(loadConfig({}).dispatch).toEqual({
      radiiKm: [5, 10, 20, 40],
      bidWindowMs: 180_000,
      maxDriversPerStep: 20,
      firstStepDelayMs: 0,
      scheduledLeadMs: 3_600_000,
      favouritesWindowMs: 30_000,
    });
    expect(loadConfig({}).presence).toEqual({ ttlMs: 120_000, sweepEveryMs: 30_000, persistEveryMs: 30_000 });
  });

  it('sweeps silent drivers every quarter of the presence TTL, at most every 30 s', () => {
    expect(loadConfig({ DRIVER_PRESENCE_TTL_MS: '2000' }).presence.sweepEveryMs).toBe(500);
    expect(loadConfig({ DRIVER_PRESENCE_TTL_MS: '600000' }).presence.sweepEveryMs).toBe(30_000);
    expect(() => loadConfig({ DRIVER_PRESENCE_TTL_MS: '500' })).toThrow(ConfigError);
  });

  it('reads the lead time of booked rides in milliseconds and refuses a negative one', () => {
    expect(loadConfig({ SCHEDULED_DISPATCH_LEAD_MS: '1500' }).dispatch.scheduledLeadMs).toBe(1_500);
    expect(() => loadConfig({ SCHEDULED_DISPATCH_LEAD_MS: '-1' })).toThrow(ConfigError);
  });

  it('reads radii as a comma-separated list and refuses ones that do not increase', () => {
    expect(loadConfig({ DISPATCH_RADII_KM: '2, 7.5,15' }).dispatch.radiiKm).toEqual([2, 7.5, 15]);
    for (const bad of ['10,5', '5,5', 'five', '5,,10', '-1,3']) {
      expect(() => loadConfig({ DISPATCH_RADII_KM: bad }), bad).toThrow(ConfigError);
    }
  });
});
