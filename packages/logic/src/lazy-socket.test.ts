import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// The api's socket.io server (a workspace dependency): the lazy client talks to a real one.
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLazySocket } from './lazy-socket';

let url = '';
let server: Server;

beforeAll(async () => {
  const http = createServer();
  server = new Server(http);
  server.on('connection', (socket) => {
    socket.emit('session:revoked', { reason: `hello ${String(socket.handshake.auth.token)}` });
    socket.on('ride:join', (_payload: unknown, ack?: (r: { ok: boolean }) => void) => ack?.({ ok: true }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
});

const options = { auth: { token: 't1' }, transports: ['websocket'], forceNew: true };

describe('createLazySocket', () => {
  it('loads socket.io-client on connect and delivers to handlers registered before it loaded', async () => {
    const socket = createLazySocket(url, options);
    expect(socket.connected).toBe(false);
    const greeted = new Promise<string>((resolve) =>
      socket.on('session:revoked', ({ reason }) => resolve(reason)),
    );
    socket.connect();
    expect(await greeted).toBe('hello t1');
    expect(socket.connected).toBe(true);
    const ack = await new Promise((resolve) =>
      (socket.emit as (...a: unknown[]) => void)('ride:join', { rideId: 'r1' }, resolve),
    );
    expect(ack).toEqual({ ok: true });
    socket.disconnect();
    expect(socket.connected).toBe(false);
  });

  it('does not connect when disconnected before the client finished loading', async () => {
    const socket = createLazySocket(url, options);
    let greetings = 0;
    socket.on('session:revoked', () => {
      greetings += 1;
    });
    socket.connect();
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.connected).toBe(false);
    expect(greetings).toBe(0);
  });

  it('stops delivering to a handler once it is removed', async () => {
    const socket = createLazySocket(url, options);
    const seen: string[] = [];
    const first = ({ reason }: { reason: string }) => seen.push(`first ${reason}`);
    socket.on('session:revoked', first);
    socket.off('session:revoked', first);
    const greeted = new Promise<void>((resolve) =>
      socket.on('session:revoked', () => {
        seen.push('second');
        resolve();
      }),
    );
    socket.connect();
    await greeted;
    expect(seen).toEqual(['second']);
    socket.disconnect();
  });
});
