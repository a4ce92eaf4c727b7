import type { Role } from '@truck4u/contracts';
import type { Logger } from '../infra/logger';
import type { RealtimeEventName, RealtimeNotifier, RealtimePayload } from './realtime-notifier';

/**
 * The notifier for request paths. The adapter's Redis client waits for a connection that may not come back
 * (it must: its blocking XREAD cannot have a command timeout), so an emit can hang until ioredis gives up.
 * By the time a request pushes, its change is committed and clients catch up over HTTP, so every call here
 * settles within `timeoutMs` and never rejects: a slow or failed push is logged and the request answers.
 * The push itself carries on and may still arrive late (events carry ids and statuses; clients re-read).
 * Workers keep the raw notifier: a job may want its push to fail and be retried.
 */
export class BoundedRealtimeNotifier implements RealtimeNotifier {
  constructor(
    private readonly inner: RealtimeNotifier,
    private readonly timeoutMs: number,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  toUser<E extends RealtimeEventName>(role: Role, userId: string, event: E, payload: RealtimePayload<E>) {
    return this.bounded(() => this.inner.toUser(role, userId, event, payload), { event, role, userId });
  }

  toRide<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>) {
    return this.bounded(() => this.inner.toRide(rideId, event, payload), { event, rideId });
  }

  revokeUserSessions(role: Role, userId: string, reason: string) {
    return this.bounded(() => this.inner.revokeUserSessions(role, userId, reason), {
      event: 'session:revoked',
      role,
      userId,
    });
  }

  revokeSession(sessionId: string, reason: string) {
    return this.bounded(() => this.inner.revokeSession(sessionId, reason), {
      event: 'session:revoked',
      sessionId,
    });
  }

  joinRide(role: Role, userId: string, rideId: string) {
    return this.bounded(() => this.inner.joinRide(role, userId, rideId), {
      event: 'joinRide',
      role,
      userId,
      rideId,
    });
  }

  leaveRide(role: Role, userId: string, rideId: string) {
    return this.bounded(() => this.inner.leaveRide(role, userId, rideId), {
      event: 'leaveRide',
      role,
      userId,
      rideId,
    });
  }

  private async bounded(push: () => Promise<void>, context: Record<string, string>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let hasTimedOut = false;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        hasTimedOut = true;
        resolve('timeout');
      }, this.timeoutMs);
    });
    try {
      // Started inside the try: a notifier that throws synchronously is handled like one that rejects.
      const sent = push().then(() => 'sent' as const);
      // A push that fails after the timeout has nobody awaiting it; without this it would be unhandled.
      sent.catch((error: unknown) => {
        if (hasTimedOut) this.log.warn({ ...context, err: error }, 'late realtime push failed');
      });
      const outcome = await Promise.race([sent, timedOut]);
      if (outcome === 'timeout') {
        this.log.warn(
          { ...context, timeoutMs: this.timeoutMs },
          'realtime push timed out; answering without it',
        );
      }
    } catch (error) {
      this.log.warn({ ...context, err: error }, 'realtime push failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
