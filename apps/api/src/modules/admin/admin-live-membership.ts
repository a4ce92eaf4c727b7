import type { Logger } from '../../infra/logger';

/** Takes an admin's sockets out of the admin:live room on every instance. */
export type LeaveAdminLive = (adminId: string) => Promise<void>;

/**
 * Bounds the leave like every request-path push (realtime/bounded-realtime-notifier.ts): the role change is
 * committed by then, so a slow or failed adapter is logged and the request still answers. The room is then
 * left when the socket next disconnects (at the latest when its access token expires).
 */
export function boundedLeaveAdminLive(
  leave: LeaveAdminLive,
  timeoutMs: number,
  log: Pick<Logger, 'warn'>,
): LeaveAdminLive {
  return async (adminId) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const left = leave(adminId).then(() => 'left' as const);
      left.catch((error: unknown) => log.warn({ err: error, adminId }, 'admin:live leave failed'));
      if ((await Promise.race([left, timedOut])) === 'timeout') {
        log.warn({ adminId, timeoutMs }, 'admin:live leave timed out');
      }
    } catch (error) {
      log.warn({ err: error, adminId }, 'admin:live leave failed');
    } finally {
      clearTimeout(timer);
    }
  };
}
