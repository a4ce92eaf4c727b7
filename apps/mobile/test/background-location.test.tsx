import type { LocationObject } from 'expo-location';

// The OS side (GPS, the task scheduler) is the phone's: stood in for here; what is tested is what the app asks
// of it and what it does with the fixes it gets.
const mockStarted: { task: string; options: { timeInterval: number; distanceInterval: number } }[] = [];
let mockDefined: ((body: unknown) => Promise<void>) | null = null;
jest.mock('expo-task-manager', () => ({
  isTaskDefined: () => mockDefined !== null,
  defineTask: (_name: string, run: (body: unknown) => Promise<void>) => {
    mockDefined = run;
  },
  isAvailableAsync: async () => true,
}));
jest.mock('expo-location', () => ({
  Accuracy: { Low: 2, Balanced: 3, High: 4 },
  ActivityType: { AutomotiveNavigation: 2 },
  getBackgroundPermissionsAsync: async () => ({ granted: true, canAskAgain: true }),
  startLocationUpdatesAsync: async (
    task: string,
    options: { timeInterval: number; distanceInterval: number },
  ) => {
    mockStarted.push({ task, options });
  },
  hasStartedLocationUpdatesAsync: async () => mockStarted.length > 0,
  stopLocationUpdatesAsync: async () => {
    mockStarted.length = 0;
  },
}));

// Loaded after the stand-ins above are in place (an import would run before them).
const { BACKGROUND_LOCATION_TASK, startBackgroundLocation, stopBackgroundLocation } =
  require('../src/location/background-location') as typeof import('../src/location/background-location');

const fix = (timestamp: number, speedMps: number, lat = 36.8): LocationObject => ({
  timestamp,
  coords: {
    latitude: lat,
    longitude: 10.18,
    altitude: null,
    accuracy: 5,
    altitudeAccuracy: null,
    heading: 90,
    speed: speedMps,
  },
});

describe('the background location task', () => {
  it('is defined when the app loads, hands fixes on oldest first, and adapts its rate to the speed', async () => {
    expect(mockDefined).not.toBeNull();
    const positions: { lat: number; speedKmh?: number }[] = [];
    expect(
      await startBackgroundLocation((p) => positions.push(p), { title: 'Truck4u', body: 'En service' }),
    ).toBe(true);
    expect(mockStarted).toHaveLength(1);
    expect(mockStarted[0]?.task).toBe(BACKGROUND_LOCATION_TASK);
    const first = mockStarted[0]?.options.timeInterval ?? 0;

    // The OS delivers a batch, not necessarily in order; the truck is now on the motorway.
    await mockDefined?.({ data: { locations: [fix(2_000, 31, 36.82), fix(1_000, 30, 36.81)] }, error: null });
    expect(positions.map((p) => p.lat)).toEqual([36.81, 36.82]);
    expect(positions[1]?.speedKmh).toBeCloseTo(111.6, 1);
    expect(mockStarted).toHaveLength(2);
    expect(mockStarted[1]?.options.timeInterval).toBeLessThan(first);

    // Same speed band: the OS is not asked again.
    await mockDefined?.({ data: { locations: [fix(3_000, 29)] }, error: null });
    expect(mockStarted).toHaveLength(2);

    // Stopped at a loading dock: fewer fixes.
    await mockDefined?.({ data: { locations: [fix(4_000, 0)] }, error: null });
    expect(mockStarted).toHaveLength(3);
    expect(mockStarted[2]?.options.timeInterval).toBeGreaterThan(first);

    await stopBackgroundLocation();
    await mockDefined?.({ data: { locations: [fix(5_000, 0, 36.9)] }, error: null });
    expect(positions).toHaveLength(4);
  });

  it('ignores a batch the OS reports as failed', async () => {
    const positions: unknown[] = [];
    await startBackgroundLocation((p) => positions.push(p), { title: 'Truck4u', body: '' });
    await mockDefined?.({ data: null, error: { code: 1, message: 'location unavailable' } });
    expect(positions).toEqual([]);
    await stopBackgroundLocation();
  });
});
