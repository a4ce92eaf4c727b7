import { type Role, rooms } from '@truck4u/contracts';

/** The part of a Socket.io adapter that asks every instance which sockets are in a room. */
export interface ClusterAdapter {
  fetchSockets(opts: {
    rooms: Set<string>;
    except?: Set<string>;
    flags?: { timeout?: number };
  }): Promise<unknown[]>;
}

/** Whether a user has a socket open on any api instance right now. */
export interface UserPresence {
  /** Rejects when not every instance answered in time: the caller cannot know. */
  hasLiveSocket(role: Role, userId: string): Promise<boolean>;
}

/**
 * Asks the adapter for the sockets in the user's room across the cluster (each instance answers for its own
 * sockets through Redis). Chosen over a counter of sockets per user in Redis: a counter is only as right as
 * every disconnect, and an instance that crashes or loses Redis leaves its sockets counted for good, so that
 * user would never get a push again. The adapter's answer comes from the instances alive now; one that dies
 * stops being waited for after the adapter's heartbeat timeout.
 *
 * A node learns the other instances from their heartbeats, so for its first moments it may not know them all:
 * queries wait until `warmUpMs` after this probe was made.
 */
export class AdapterUserPresence implements UserPresence {
  private readonly readyAt: number;

  constructor(
    private readonly adapter: () => ClusterAdapter,
    private readonly timeoutMs: number,
    warmUpMs = 500,
  ) {
    this.readyAt = Date.now() + warmUpMs;
  }

  async hasLiveSocket(role: Role, userId: string): Promise<boolean> {
    const wait = this.readyAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sockets = await this.adapter().fetchSockets({
      rooms: new Set([rooms.user(role, userId)]),
      except: new Set(),
      flags: { timeout: this.timeoutMs },
    });
    return sockets.length > 0;
  }
}
