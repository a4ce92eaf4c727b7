import type { DriverLocation } from '@truck4u/contracts';
import { isLocale, type WatchPosition } from '@truck4u/logic';
import { offlineMessages } from '../i18n/offline-messages';
import { deviceStorage } from '../services/device-storage';
import { STORAGE_KEYS } from '../services/key-value-storage';
import { startBackgroundLocation, stopBackgroundLocation } from './background-location';
import { watchDevicePosition } from './watch-device-position';

let currentSink: ((position: DriverLocation) => void) | null = null;

async function serviceTexts() {
  const saved = await deviceStorage.get(STORAGE_KEYS.locale).catch(() => null);
  const words = offlineMessages(saved && isLocale(saved) ? saved : 'fr');
  return { title: words.serviceTitle, body: words.serviceBody };
}

/**
 * Positions while the driver is online: the foreground watch, plus the background task when "always" access
 * was given, so positions keep coming with the app closed or the screen off. Both feed the same shift, which
 * sends at most one position every few seconds.
 */
export const watchShiftPosition: WatchPosition = (onPosition, onError) => {
  const stopForeground = watchDevicePosition(onPosition, onError);
  currentSink = onPosition;
  void resumeBackgroundLocation();
  return () => {
    currentSink = null;
    stopForeground();
    void stopBackgroundLocation();
  };
};

/** Starts the background task for the shift under way (after the driver has just allowed it). */
export async function resumeBackgroundLocation(): Promise<boolean> {
  const sink = currentSink;
  if (!sink) return false;
  const started = await startBackgroundLocation(sink, await serviceTexts());
  // The shift ended while the task was starting.
  if (started && currentSink !== sink) await stopBackgroundLocation();
  return started && currentSink === sink;
}
