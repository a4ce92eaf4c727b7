import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { RealtimeSocket } from './realtime';

type Handler = (...args: never[]) => void;

/**
 * A socket.io client that downloads socket.io-client (~20 KB gzipped) on its first `connect()`, not when the
 * page starts: a page that never connects never pays for it. Until then `on`/`off` are recorded and attached to
 * the real socket once built, and the socket reads as disconnected (callers only emit when connected).
 * Implements the part of the socket that `createRealtime` and the stores use: on, off, emit, connect,
 * disconnect, connected.
 */
export function createLazySocket(
  url: string | undefined,
  options: Partial<ManagerOptions & SocketOptions>,
): RealtimeSocket {
  const handlers: Array<[string, Handler]> = [];
  let real: RealtimeSocket | null = null;
  let loading: Promise<RealtimeSocket> | null = null;
  let wantsConnection = false;

  function load(): Promise<RealtimeSocket> {
    loading ??= import('socket.io-client').then(({ io }) => {
      const socket = io(url, { ...options, autoConnect: false }) as RealtimeSocket;
      for (const [event, fn] of handlers) socket.on(event as never, fn as never);
      real = socket;
      return socket;
    });
    return loading;
  }

  const facade = {
    get connected(): boolean {
      return real?.connected ?? false;
    },
    on(event: string, fn: Handler) {
      handlers.push([event, fn]);
      real?.on(event as never, fn as never);
      return facade;
    },
    off(event: string, fn: Handler) {
      const at = handlers.findIndex(([e, f]) => e === event && f === fn);
      if (at >= 0) handlers.splice(at, 1);
      real?.off(event as never, fn as never);
      return facade;
    },
    emit(event: string, ...args: unknown[]) {
      (real?.emit as ((event: string, ...args: unknown[]) => unknown) | undefined)?.call(
        real,
        event,
        ...args,
      );
      return facade;
    },
    connect() {
      wantsConnection = true;
      if (real) real.connect();
      else
        void load()
          .then((socket) => {
            if (wantsConnection) socket.connect();
          })
          .catch(() => undefined);
      return facade;
    },
    disconnect() {
      wantsConnection = false;
      real?.disconnect();
      return facade;
    },
  };
  return facade as unknown as RealtimeSocket;
}
