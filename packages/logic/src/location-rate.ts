/**
 * How often the phone reports its position on shift. The api needs a position at least every two minutes to
 * keep the driver in dispatch (DRIVER_PRESENCE_TTL_MS) and a customer following a ride wants a moving truck to
 * move smoothly; GPS is what drains a phone on a long shift. So: rarely when the truck stands still, about
 * every 100–250 m on the move (more often as it goes faster), and half as often on a low battery.
 *
 * The battery input is optional: the app has no battery reading today (expo-battery is not installed), so it
 * adapts to speed only; the rule is here for when a reading is passed.
 */
export interface LocationRate {
  /** Tier name, to restart the OS updates only when the rate really changes. */
  tier: 'still' | 'city' | 'road' | 'highway';
  timeIntervalMs: number;
  distanceIntervalM: number;
  accuracy: 'high' | 'balanced' | 'low';
  /** True when a low battery halved the rate. */
  saving: boolean;
}

export interface RateInput {
  /** Metres per second from the last fix; null or negative when the phone could not tell. */
  speedMps: number | null;
  /** 0 to 1, when known. */
  batteryLevel?: number | null;
  charging?: boolean;
}

/** Below this the battery is low (unless charging). */
export const LOW_BATTERY = 0.2;
/** Never wait longer than this between fixes: a third of the api's two-minute presence window. */
export const MAX_INTERVAL_MS = 40_000;

const TIERS: Record<LocationRate['tier'], Omit<LocationRate, 'tier' | 'saving'>> = {
  still: { timeIntervalMs: 30_000, distanceIntervalM: 50, accuracy: 'balanced' },
  city: { timeIntervalMs: 10_000, distanceIntervalM: 50, accuracy: 'high' },
  road: { timeIntervalMs: 8_000, distanceIntervalM: 150, accuracy: 'high' },
  highway: { timeIntervalMs: 6_000, distanceIntervalM: 250, accuracy: 'high' },
};

export function tierForSpeed(speedMps: number | null): LocationRate['tier'] {
  if (speedMps === null || !Number.isFinite(speedMps) || speedMps < 0) return 'city';
  const kmh = speedMps * 3.6;
  if (kmh < 5) return 'still';
  if (kmh < 60) return 'city';
  if (kmh < 90) return 'road';
  return 'highway';
}

export function locationRate(input: RateInput): LocationRate {
  const tier = tierForSpeed(input.speedMps);
  const base = TIERS[tier];
  const level = input.batteryLevel;
  const saving =
    level !== undefined && level !== null && level >= 0 && level < LOW_BATTERY && !input.charging;
  if (!saving) return { tier, ...base, saving };
  return {
    tier,
    timeIntervalMs: Math.min(MAX_INTERVAL_MS, base.timeIntervalMs * 2),
    distanceIntervalM: base.distanceIntervalM * 2,
    accuracy: base.accuracy === 'high' ? 'balanced' : 'low',
    saving,
  };
}

/** Whether the OS updates must be restarted with new options. */
export function rateChanged(previous: LocationRate | null, next: LocationRate): boolean {
  return previous === null || previous.tier !== next.tier || previous.saving !== next.saving;
}
