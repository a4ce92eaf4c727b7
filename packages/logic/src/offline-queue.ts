import type { DriverLocation, DriverLocationReport, Ride, RideStatus } from '@truck4u/contracts';
import { isApiError } from './api-error';
import { newIdempotencyKey } from './idempotency';

/** A driver's change made on the phone, kept until the api has taken it. */
export type QueuedChange =
  | { kind: 'status'; id: string; rideId: string; status: RideStatus; madeAt: string }
  | { kind: 'position'; id: string; location: DriverLocation; recordedAt: string };

/** Where the queue survives a restart (the app's key-value storage). */
export interface QueueStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** The two api calls the queue replays (`ApiClient.rides.setStatus`, `ApiClient.drivers.sendLocation`). */
export interface QueueApi {
  setStatus(rideId: string, status: RideStatus, clientEventId: string): Promise<Ride>;
  sendLocation(report: DriverLocationReport): Promise<unknown>;
}

export type StatusOutcome =
  /** The api took it now: the ride as it answered. */
  | { state: 'applied'; ride: Ride }
  /** No connection: it is on the phone and goes out, in order, when the connection is back. */
  | { state: 'queued' };

export interface OfflineQueueOptions {
  api: QueueApi;
  storage: QueueStorage;
  storageKey?: string;
  /** Positions kept while offline, newest last; older ones are dropped first (status changes never are). */
  maxPositions?: number;
  now?: () => number;
  newId?: () => string;
  /** A change the api refused for good (the ride was cancelled meanwhile, say): it is dropped. */
  onDropped?: (change: QueuedChange, error: unknown) => void;
}

export const OFFLINE_QUEUE_KEY = 't4u.offline-queue';

/**
 * Whether the call may succeed later: no connection, the api briefly unable (5xx, 429), or a session being
 * renewed (401). Other refusals (400, 403, 404, 409, 422) will never change, so retrying is pointless.
 */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return (
    error.code === 'NETWORK_ERROR' ||
    error.status === 0 ||
    error.status >= 500 ||
    [401, 408, 429].includes(error.status)
  );
}

/**
 * The driver's status changes and positions, sent in the order they were made. Each change gets its id when it
 * is made (the status change's `clientEventId`, the position's `recordedAt`), so a replay of something the api
 * already applied is recognised there (docs/API.md#offline-replay): replaying is always safe, and the queue
 * replays from the oldest change whenever it is not sure.
 *
 * The queue is written to storage before anything is sent and after each change the api takes, so a change
 * survives the app being killed. One replay runs at a time; a change made during a replay waits its turn.
 */
export function createOfflineQueue(options: OfflineQueueOptions) {
  const key = options.storageKey ?? OFFLINE_QUEUE_KEY;
  const maxPositions = options.maxPositions ?? 12;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newIdempotencyKey;
  let flushing: Promise<void> | null = null;
  let again = false;
  /** Who waits for a change made now: its answer, or the api's refusal. */
  const outcomes = new Map<string, { applied(ride: Ride | null): void; refused(error: unknown): void }>();

  /** The queue, read from storage once; every change below edits this one array in place. */
  const items: QueuedChange[] = [];
  let loaded: Promise<QueuedChange[]> | null = null;

  function load(): Promise<QueuedChange[]> {
    loaded ??= (async () => {
      const raw = await options.storage.get(key).catch(() => null);
      let stored: QueuedChange[] = [];
      try {
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        if (Array.isArray(parsed)) stored = parsed as QueuedChange[];
      } catch {
        // A corrupt entry is worth less than a working queue.
      }
      items.unshift(...stored);
      return items;
    })();
    return loaded;
  }

  async function save(): Promise<void> {
    await options.storage.set(key, JSON.stringify(items));
  }

  /** Keeps the newest `maxPositions` positions; status changes are never dropped. */
  function trimPositions(): void {
    let excess = items.filter((c) => c.kind === 'position').length - maxPositions;
    for (let i = 0; excess > 0 && i < items.length; ) {
      if (items[i]?.kind === 'position') {
        items.splice(i, 1);
        excess -= 1;
      } else {
        i += 1;
      }
    }
  }

  async function add(change: QueuedChange): Promise<void> {
    await load();
    items.push(change);
    trimPositions();
    await save();
  }

  async function sendOne(change: QueuedChange): Promise<Ride | null> {
    if (change.kind === 'status') return options.api.setStatus(change.rideId, change.status, change.id);
    await options.api.sendLocation({ ...change.location, recordedAt: change.recordedAt });
    return null;
  }

  /** Takes a change off the queue by id: trimming may have moved it while it was being sent. */
  async function remove(change: QueuedChange): Promise<void> {
    const at = items.findIndex((c) => c.id === change.id);
    if (at !== -1) items.splice(at, 1);
    await save();
  }

  async function replay(): Promise<void> {
    await load();
    for (let change = items[0]; change !== undefined; change = items[0]) {
      let ride: Ride | null;
      try {
        ride = await sendOne(change);
      } catch (error) {
        if (isRetryable(error)) return;
        await remove(change);
        outcomes.get(change.id)?.refused(error);
        options.onDropped?.(change, error);
        continue;
      }
      await remove(change);
      outcomes.get(change.id)?.applied(ride);
    }
  }

  /** Sends what is queued, oldest first, stopping at the first change that cannot go out yet. */
  function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      try {
        do {
          again = false;
          await replay();
        } while (again);
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  }

  return {
    /**
     * The driver moves the ride on. Online, the answer comes back as usual (a refusal rejects, as the api
     * call does); offline, the change waits on the phone and the screen can say so.
     */
    async submitStatus(rideId: string, status: RideStatus): Promise<StatusOutcome> {
      const change: QueuedChange = {
        kind: 'status',
        id: newId(),
        rideId,
        status,
        madeAt: new Date(now()).toISOString(),
      };
      let outcome: { ride: Ride | null } | { error: unknown } | null = null;
      outcomes.set(change.id, {
        applied: (ride) => {
          outcome = { ride };
        },
        refused: (error) => {
          outcome = { error };
        },
      });
      await add(change);
      try {
        await flush();
      } finally {
        outcomes.delete(change.id);
      }
      const settled = outcome as { ride: Ride | null } | { error: unknown } | null;
      if (!settled) return { state: 'queued' };
      if ('error' in settled) throw settled.error;
      if (!settled.ride) throw new Error('the api answered no ride');
      return { state: 'applied', ride: settled.ride };
    },

    /** A position from the phone: sent now if it can be, else kept (with when it was taken) for the replay. */
    async submitPosition(location: DriverLocation): Promise<void> {
      await add({ kind: 'position', id: newId(), location, recordedAt: new Date(now()).toISOString() });
      await flush();
    },

    flush,

    /** What is waiting, oldest first (for the screen: "3 changes will be sent when the connection is back"). */
    async pending(): Promise<readonly QueuedChange[]> {
      await load();
      return [...items];
    },
  };
}

export type OfflineQueue = ReturnType<typeof createOfflineQueue>;
