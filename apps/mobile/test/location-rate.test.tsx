import { LOW_BATTERY, locationRate, MAX_INTERVAL_MS, rateChanged, tierForSpeed } from '@truck4u/logic';

const kmh = (value: number) => value / 3.6;

describe('how often the phone reports its position on shift', () => {
  it('reports rarely when the truck stands still and more often the faster it goes', () => {
    const still = locationRate({ speedMps: 0 });
    const city = locationRate({ speedMps: kmh(40) });
    const road = locationRate({ speedMps: kmh(80) });
    const highway = locationRate({ speedMps: kmh(110) });
    expect([still.tier, city.tier, road.tier, highway.tier]).toEqual(['still', 'city', 'road', 'highway']);
    expect(still.timeIntervalMs).toBeGreaterThan(city.timeIntervalMs);
    expect(city.timeIntervalMs).toBeGreaterThan(road.timeIntervalMs);
    expect(road.timeIntervalMs).toBeGreaterThan(highway.timeIntervalMs);
    // Faster trucks move further between fixes: the distance filter grows with speed.
    expect(highway.distanceIntervalM).toBeGreaterThan(city.distanceIntervalM);
    expect(still.accuracy).toBe('balanced');
    expect(highway.accuracy).toBe('high');
  });

  it('treats an unknown speed as city driving', () => {
    expect(tierForSpeed(null)).toBe('city');
    expect(tierForSpeed(-1)).toBe('city');
    expect(tierForSpeed(Number.NaN)).toBe('city');
  });

  it('halves the rate on a low battery unless charging, and never waits past the presence window', () => {
    const normal = locationRate({ speedMps: 0, batteryLevel: 0.8 });
    const low = locationRate({ speedMps: 0, batteryLevel: LOW_BATTERY / 2 });
    const charging = locationRate({ speedMps: 0, batteryLevel: 0.05, charging: true });
    expect(normal.saving).toBe(false);
    expect(low.saving).toBe(true);
    expect(low.timeIntervalMs).toBeGreaterThan(normal.timeIntervalMs);
    expect(low.timeIntervalMs).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    expect(low.accuracy).toBe('low');
    expect(charging).toEqual(normal);
    for (const speed of [0, 10, 20, 30, 40]) {
      expect(locationRate({ speedMps: speed, batteryLevel: 0.01 }).timeIntervalMs).toBeLessThanOrEqual(
        MAX_INTERVAL_MS,
      );
    }
  });

  it('restarts the OS updates only when the tier or the saving changes', () => {
    const city = locationRate({ speedMps: kmh(30) });
    expect(rateChanged(null, city)).toBe(true);
    expect(rateChanged(city, locationRate({ speedMps: kmh(45) }))).toBe(false);
    expect(rateChanged(city, locationRate({ speedMps: kmh(70) }))).toBe(true);
    expect(rateChanged(city, locationRate({ speedMps: kmh(30), batteryLevel: 0.1 }))).toBe(true);
  });
});
