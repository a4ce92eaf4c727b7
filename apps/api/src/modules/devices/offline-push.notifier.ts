import type { Role } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { PushSender } from '../../providers/push/push-sender';
import type { RealtimeEventName, RealtimeNotifier, RealtimePayload } from '../../realtime/realtime-notifier';
import { deleteDeviceTokens, findDeviceTokens, findRideParties } from './devices.repository';
import { chatMessagePush, type PushContent, pushForUserEvent, rideStatusPush } from './push-messages';
import type { UserPresence } from './user-presence';

/**
 * Every socket event goes out as before; ride requests, new bids, acceptances, ride status changes and chat
 * messages (to the party who did not write them) are also pushed to the phones of a user who has no live
 * socket on any instance (docs/REALTIME.md#push). One decorator
 * around the notifier, so no use case knows about push.
 *
 * The push runs after the call returns: a request never waits for the cluster query or for Expo. It is at most
 * once, like the socket event (the app re-reads the ride when opened). When the instances cannot say whether
 * the user is connected, the push goes anyway: a duplicate beats a missed ride.
 */
export class OfflinePushNotifier implements RealtimeNotifier {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly inner: RealtimeNotifier,
    private readonly presence: UserPresence,
    private readonly sender: PushSender,
    private readonly db: Database,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async toUser<E extends RealtimeEventName>(
    role: Role,
    userId: string,
    event: E,
    payload: RealtimePayload<E>,
  ) {
    try {
      await this.inner.toUser(role, userId, event, payload);
    } finally {
      const content = pushForUserEvent(event, payload);
      if (content) this.pushLater([{ role, userId }], content);
    }
  }

  async toRide<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>) {
    try {
      await this.inner.toRide(rideId, event, payload);
    } finally {
      if (event === 'ride:status') {
        const change = payload as RealtimePayload<'ride:status'>;
        // The customer follows every step; the driver made the steps, and hears only of a cancellation.
        const to: { role: Role; userId: string }[] = [{ role: 'customer', userId: change.ride.customerId }];
        if (change.to === 'CANCELLED' && change.ride.driverId) {
          to.push({ role: 'driver', userId: change.ride.driverId });
        }
        this.pushLater(to, rideStatusPush(change));
      }
      if (event === 'chat:message') this.pushChatLater(payload as RealtimePayload<'chat:message'>);
    }
  }

  revokeUserSessions(role: Role, userId: string, reason: string) {
    return this.inner.revokeUserSessions(role, userId, reason);
  }

  revokeSession(sessionId: string, reason: string) {
    return this.inner.revokeSession(sessionId, reason);
  }

  joinRide(role: Role, userId: string, rideId: string) {
    return this.inner.joinRide(role, userId, rideId);
  }

  leaveRide(role: Role, userId: string, rideId: string) {
    return this.inner.leaveRide(role, userId, rideId);
  }

  /** Resolves once every push started so far has been sent or given up (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** The event names the ride only: its parties are read (after the call returns) to find the other one. */
  private pushChatLater(payload: RealtimePayload<'chat:message'>): void {
    const task = (async () => {
      const parties = await findRideParties(this.db, payload.rideId);
      if (!parties) return;
      const to =
        payload.message.senderRole === 'driver'
          ? { role: 'customer' as const, userId: parties.customerId }
          : parties.driverId && { role: 'driver' as const, userId: parties.driverId };
      if (to) this.pushLater([to], chatMessagePush(payload));
    })().catch((error: unknown) => {
      this.log.warn({ err: error, rideId: payload.rideId }, 'chat push failed');
    });
    this.#pending.add(task);
    void task.finally(() => this.#pending.delete(task));
  }

  private pushLater(recipients: { role: Role; userId: string }[], content: PushContent): void {
    for (const { role, userId } of recipients) {
      const task = this.pushIfOffline(role, userId, content).catch((error: unknown) => {
        this.log.warn({ err: error, role, userId, event: content.data.event }, 'push failed');
      });
      this.#pending.add(task);
      void task.finally(() => this.#pending.delete(task));
    }
  }

  private async pushIfOffline(role: Role, userId: string, content: PushContent): Promise<void> {
    // Most users have no device registered: that is one indexed read, before asking every instance.
    const tokens = await findDeviceTokens(this.db, role, userId);
    if (tokens.length === 0) return;
    try {
      if (await this.presence.hasLiveSocket(role, userId)) return;
    } catch (error) {
      this.log.warn({ err: error, role, userId }, 'could not tell whether the user is connected; pushing');
    }
    const tickets = await this.sender.send(tokens.map((to) => ({ to, ...content })));
    const gone = tokens.filter((_, i) => {
      const ticket = tickets[i];
      return ticket?.status === 'error' && ticket.deviceGone;
    });
    await deleteDeviceTokens(this.db, gone);
  }
}
