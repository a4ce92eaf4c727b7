import type { DriverLocation } from '@truck4u/contracts';
import { type LocationRate, locationRate, rateChanged } from '@truck4u/logic';
import * as Location from 'expo-location';
import * as TaskManager from 'expo-task-manager';

/** The task the OS runs with new fixes, in the foreground, in the background or with the app started headless. */
export const BACKGROUND_LOCATION_TASK = 't4u-driver-location';

type PositionSink = (position: DriverLocation) => void;

let sink: PositionSink | null = null;
let rate: LocationRate | null = null;
let notification = { title: 'Truck4u', body: '' };

const ACCURACY: Record<LocationRate['accuracy'], Location.Accuracy> = {
  high: Location.Accuracy.High,
  balanced: Location.Accuracy.Balanced,
  low: Location.Accuracy.Low,
};

/** A fix as the api takes it (speed in km/h, heading only when the phone knows it). */
export function toDriverLocation(coords: Location.LocationObjectCoords): DriverLocation {
  const { latitude, longitude, heading, speed } = coords;
  return {
    lat: latitude,
    lng: longitude,
    ...(heading !== null && heading >= 0 ? { heading: Math.min(360, heading) } : {}),
    ...(speed !== null && speed >= 0 ? { speedKmh: Math.min(250, speed * 3.6) } : {}),
  };
}

/** Receives the OS's batches of fixes: hands them on, then adapts the rate to the latest speed. */
export async function handleLocationBatch(body: {
  data?: { locations?: Location.LocationObject[] } | null;
  error?: unknown;
}): Promise<void> {
  if (body.error || !body.data?.locations) return;
  const locations = [...body.data.locations].sort((a, b) => a.timestamp - b.timestamp);
  for (const location of locations) sink?.(toDriverLocation(location.coords));
  const last = locations.at(-1);
  if (!last) return;
  const next = locationRate({ speedMps: last.coords.speed });
  if (rate && rateChanged(rate, next)) await applyRate(next);
}

// Defined when the module loads, as expo-task-manager requires: the OS may start the app only to run it.
// When it does, nothing has set the sink yet and the fixes are dropped: the next foreground launch resumes.
if (!TaskManager.isTaskDefined(BACKGROUND_LOCATION_TASK)) {
  TaskManager.defineTask<{ locations: Location.LocationObject[] }>(BACKGROUND_LOCATION_TASK, (body) =>
    handleLocationBatch(body),
  );
}

async function applyRate(next: LocationRate): Promise<void> {
  rate = next;
  // Starting a started task again only changes its options.
  await Location.startLocationUpdatesAsync(BACKGROUND_LOCATION_TASK, {
    accuracy: ACCURACY[next.accuracy],
    timeInterval: next.timeIntervalMs,
    distanceInterval: next.distanceIntervalM,
    activityType: Location.ActivityType.AutomotiveNavigation,
    pausesUpdatesAutomatically: false,
    showsBackgroundLocationIndicator: true,
    foregroundService: {
      notificationTitle: notification.title,
      notificationBody: notification.body,
      killServiceOnDestroy: false,
    },
  });
}

export type BackgroundPermission = 'granted' | 'undetermined' | 'denied';

export async function backgroundPermission(): Promise<BackgroundPermission> {
  try {
    const current = await Location.getBackgroundPermissionsAsync();
    if (current.granted) return 'granted';
    return current.canAskAgain ? 'undetermined' : 'denied';
  } catch {
    return 'denied';
  }
}

/** Asks for "always" access; the screen explains why first (background-location-prompt.tsx). */
export async function requestBackgroundPermission(): Promise<boolean> {
  try {
    const foreground = await Location.requestForegroundPermissionsAsync();
    if (!foreground.granted) return false;
    return (await Location.requestBackgroundPermissionsAsync()).granted;
  } catch {
    return false;
  }
}

/**
 * Starts the OS updates for the shift when "always" access was given and the platform runs tasks (not the
 * web export); resolves false otherwise, and the foreground watch carries on alone.
 */
export async function startBackgroundLocation(
  onPosition: PositionSink,
  texts: { title: string; body: string },
): Promise<boolean> {
  sink = onPosition;
  notification = texts;
  try {
    if (!(await TaskManager.isAvailableAsync())) return false;
    if ((await backgroundPermission()) !== 'granted') return false;
    await applyRate(locationRate({ speedMps: null }));
    return true;
  } catch {
    return false;
  }
}

export async function stopBackgroundLocation(): Promise<void> {
  sink = null;
  rate = null;
  try {
    if (await Location.hasStartedLocationUpdatesAsync(BACKGROUND_LOCATION_TASK)) {
      await Location.stopLocationUpdatesAsync(BACKGROUND_LOCATION_TASK);
    }
  } catch {
    // Nothing was started (web, no permission).
  }
}
