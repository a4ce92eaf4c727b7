import type { RealtimeSocket } from '@truck4u/logic';

// The socket.io connection, for screen tests: the test plays the server with `serverEmit`.
export function createFakeSocket() {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const emitted: Array<{ event: string; payload: unknown }> = [];
  const fire = (event: string, ...args: unknown[]) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(...args);
  };
  const socket = {
    connected: false,
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return socket;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
      return socket;
    },
    emit(event: string, payload: unknown) {
      emitted.push({ event, payload });
      return socket;
    },
    connect() {
      if (!socket.connected) {
        socket.connected = true;
        fire('connect');
      }
      return socket;
    },
    disconnect() {
      if (socket.connected) {
        socket.connected = false;
        fire('disconnect', 'io client disconnect');
      }
      return socket;
    },
  };
  return {
    socket: socket as unknown as RealtimeSocket,
    emitted,
    serverEmit: (event: string, payload: unknown) => fire(event, payload),
  };
}
