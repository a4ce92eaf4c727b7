import { describe, expect, it } from 'vitest';
import { BoundedRealtimeNotifier } from './bounded-realtime-notifier';
import type { RealtimeNotifier } from './realtime-notifier';

function recordingLog() {
  const warnings: string[] = [];
  return { warnings, warn: (_obj: object, msg: string) => void warnings.push(msg) };
}

const never = () => new Promise<void>(() => {});

function notifier(behaviour: () => Promise<void>): RealtimeNotifier {
  return {
    toUser: behaviour,
    toRide: behaviour,
    revokeUserSessions: behaviour,
    revokeSession: behaviour,
    joinRide: behaviour,
    leaveRide: behaviour,
  };
}

describe('BoundedRealtimeNotifier', () => {
  it('answers within the timeout when the push never settles, and logs a warning', async () => {
    const log = recordingLog();
    const bounded = new BoundedRealtimeNotifier(notifier(never), 50, log);
    const started = Date.now();
    await bounded.revokeUserSessions('driver', 'd1', 'suspended');
    await bounded.toUser('driver', 'd1', 'session:revoked', { reason: 'x' });
    await bounded.joinRide('customer', 'c1', 'r1');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log.warnings).toEqual(Array(3).fill('realtime push timed out; answering without it'));
  });

  it('never rejects: a failed push, even a synchronous throw, is only logged', async () => {
    const log = recordingLog();
    const rejecting = new BoundedRealtimeNotifier(
      notifier(() => Promise.reject(new Error('redis down'))),
      1_000,
      log,
    );
    await expect(rejecting.toRide('r1', 'ride:no-drivers', {} as never)).resolves.toBeUndefined();
    const throwing = new BoundedRealtimeNotifier(
      notifier(() => {
        throw new Error('boom');
      }),
      1_000,
      log,
    );
    await expect(
      throwing.toUser('customer', 'c1', 'session:revoked', { reason: 'x' }),
    ).resolves.toBeUndefined();
    expect(log.warnings).toEqual(['realtime push failed', 'realtime push failed']);
  });

  it('logs a push that fails after it timed out instead of leaving the rejection unhandled', async () => {
    const log = recordingLog();
    const late = new BoundedRealtimeNotifier(
      notifier(() => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('late')), 60))),
      10,
      log,
    );
    await late.toRide('r1', 'ride:no-drivers', {} as never);
    await new Promise((r) => setTimeout(r, 100));
    expect(log.warnings).toEqual([
      'realtime push timed out; answering without it',
      'late realtime push failed',
    ]);
  });

  it('passes a push that succeeds straight through without a warning', async () => {
    const log = recordingLog();
    const calls: unknown[][] = [];
    const inner: RealtimeNotifier = {
      toUser: async (...args) => void calls.push(['toUser', ...args]),
      toRide: async (...args) => void calls.push(['toRide', ...args]),
      revokeUserSessions: async (...args) => void calls.push(['revoke', ...args]),
      revokeSession: async (...args) => void calls.push(['revokeSession', ...args]),
      joinRide: async (...args) => void calls.push(['join', ...args]),
      leaveRide: async (...args) => void calls.push(['leave', ...args]),
    };
    const bounded = new BoundedRealtimeNotifier(inner, 1_000, log);
    await bounded.toUser('driver', 'd1', 'session:revoked', { reason: 'x' });
    await bounded.joinRide('driver', 'd1', 'r1');
    expect(calls).toEqual([
      ['toUser', 'driver', 'd1', 'session:revoked', { reason: 'x' }],
      ['join', 'driver', 'd1', 'r1'],
    ]);
    expect(log.warnings).toEqual([]);
  });
});
