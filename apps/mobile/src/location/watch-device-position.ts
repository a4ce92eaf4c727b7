import type { WatchPosition } from '@truck4u/logic';
import * as Location from 'expo-location';

/** The phone's position in the foreground while the driver is online (the background task comes later). */
export const watchDevicePosition: WatchPosition = (onPosition, onError) => {
  let subscription: Location.LocationSubscription | null = null;
  let stopped = false;
  void (async () => {
    try {
      const permission = await Location.requestForegroundPermissionsAsync();
      if (permission.status !== 'granted') return onError('DENIED');
      const next = await Location.watchPositionAsync(
        { accuracy: Location.Accuracy.Balanced, timeInterval: 10_000, distanceInterval: 50 },
        (position) => {
          const { latitude, longitude, heading, speed } = position.coords;
          onPosition({
            lat: latitude,
            lng: longitude,
            ...(heading !== null && heading >= 0 ? { heading } : {}),
            ...(speed !== null && speed >= 0 ? { speedKmh: Math.min(250, speed * 3.6) } : {}),
          });
        },
      );
      if (stopped) next.remove();
      else subscription = next;
    } catch {
      onError('UNAVAILABLE');
    }
  })();
  return () => {
    stopped = true;
    subscription?.remove();
  };
};
