/**
 * The order of a driver's fixes. A phone that was offline replays its queued positions after reconnecting,
 * sometimes after a live one already went through; a fix older than the newest known one must not move the
 * driver back on the map or in dispatch. The newest fix time of each driver is kept under `newestFixKey`, and
 * DriverGeoIndex.recordPosition compares and advances it in the same script as the position itself, so two
 * instances taking positions of the same driver at once agree.
 */

/** How long a driver's newest fix time is kept: longer than a phone stays offline with positions queued. */
export const NEWEST_FIX_REMEMBER_MS = 6 * 60 * 60_000;

/** Where the newest fix time of a driver is kept. */
export function newestFixKey(keyPrefix: string, driverId: string): string {
  return `${keyPrefix}driver:newest-fix:${driverId}`;
}

/**
 * When a reported fix was taken: its `recordedAt` when the phone sent one (a replay), now otherwise. A clock
 * ahead of the server's cannot place a fix in the future.
 */
export function fixTimeOf(recordedAt: string | undefined, nowMs: number): number {
  if (recordedAt === undefined) return nowMs;
  const at = Date.parse(recordedAt);
  return Number.isNaN(at) ? nowMs : Math.min(at, nowMs);
}
