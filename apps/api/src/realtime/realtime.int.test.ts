import type { ClientToServerEvents, ServerToClientEvents } from '@truck4u/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import {
  type ClientSocket,
  connectSocket,
  eventually,
  listen,
  nextEvent,
  recordEvents,
} from '#test/realtime-client';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

describe('realtime gateway', () => {
  let env: TestEnvironment;
  let second: AppInstance;
  let urlA: string;
  let urlB: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    second = await env.startInstance();
    urlA = await listen(env.app);
    urlB = await listen(second.app);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
  });

  async function connect(url: string, token: string | null, origin?: string) {
    const socket = await connectSocket(url, token, { origin });
    sockets.push(socket);
    return socket;
  }

  it('delivers an event emitted on one instance to a client connected to another', async () => {
    const customer = await registerCustomer(env);
    const socket = await connect(urlB, customer.accessToken);
    const received = recordEvents(socket, 'session:revoked');
    // The second instance's adapter starts reading its stream shortly after start-up.
    await eventually(async () => {
      await env.app.realtime.toUser('customer', customer.user.id, 'session:revoked', { reason: 'probe' });
      expect(received.length).toBeGreaterThan(0);
    });
    expect(received[0]).toEqual({ reason: 'probe' });
  });

  it('refuses a handshake without a token, with a revoked token, or from a foreign Origin', async () => {
    const customer = await registerCustomer(env);
    await expect(connect(urlA, null)).rejects.toMatchObject({ data: { code: 'TOKEN_MISSING' } });
    await expect(connect(urlA, 'not-a-jwt')).rejects.toMatchObject({ data: { code: 'TOKEN_INVALID' } });
    await expect(connect(urlA, customer.accessToken, 'https://evil.example')).rejects.toThrow();
    await connect(urlA, customer.accessToken, 'http://localhost:3001');

    const logout = await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken, body: {} });
    expect(logout.status).toBe(204);
    await expect(connect(urlA, customer.accessToken)).rejects.toMatchObject({
      data: { code: 'TOKEN_REVOKED' },
    });
  });

  it('sends session:revoked then disconnects every socket of a suspended driver, on every instance', async () => {
    const driver = await registerDriver(env, { verified: true });
    const admin = await loginAdmin(env);
    const onA = await connect(urlA, driver.accessToken);
    const onB = await connect(urlB, driver.accessToken);
    const revokedA = nextEvent(onA, 'session:revoked');
    const revokedB = nextEvent(onB, 'session:revoked');
    const disconnectedB = new Promise<string>((resolve) => onB.once('disconnect', resolve));
    const suspended = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'documents expired' },
    });
    expect(suspended.status).toBe(200);
    expect(await revokedA).toEqual({ reason: 'suspended' });
    expect(await revokedB).toEqual({ reason: 'suspended' });
    expect(await disconnectedB).toBe('io server disconnect');
    await expect(connect(urlB, driver.accessToken)).rejects.toMatchObject({
      data: { code: 'ACCOUNT_DEACTIVATED' },
    });
  });

  it('sends session:revoked on logout-all', async () => {
    const customer = await registerCustomer(env);
    const socket = await connect(urlB, customer.accessToken);
    const revoked = nextEvent(socket, 'session:revoked');
    const response = await call(env.app, 'POST', '/api/auth/logout-all', { token: customer.accessToken });
    expect(response.status).toBe(204);
    expect(await revoked).toEqual({ reason: 'logout-all' });
  });

  it('closes the sockets of a logged-out session at once, on every instance, and leaves other devices connected', async () => {
    const customer = await registerCustomer(env);
    const otherDevice = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    expect(otherDevice.status).toBe(200);
    const thisSessionA = await connect(urlA, customer.accessToken);
    const thisSessionB = await connect(urlB, customer.accessToken);
    const otherSession = await connect(urlB, otherDevice.body.accessToken);
    const revokedA = nextEvent(thisSessionA, 'session:revoked');
    const revokedB = nextEvent(thisSessionB, 'session:revoked');
    const otherRevoked = recordEvents(otherSession, 'session:revoked');
    const response = await call(env.app, 'POST', '/api/auth/logout', {
      token: customer.accessToken,
      body: { refreshToken: customer.refreshToken },
    });
    expect(response.status).toBe(204);
    expect(await revokedA).toEqual({ reason: 'logout' });
    expect(await revokedB).toEqual({ reason: 'logout' });
    await eventually(() => expect([thisSessionA.connected, thisSessionB.connected]).toEqual([false, false]));
    // The other device's session was not logged out: it stays connected and still hears its own events.
    // Listening before the emit: the event may reach the socket before toUser's promise settles.
    const heard = nextEvent(otherSession, 'ride:no-drivers');
    await env.app.realtime.toUser('customer', customer.user.id, 'ride:no-drivers', {
      rideId: '00000000-0000-4000-8000-000000000002',
      ride: { id: '00000000-0000-4000-8000-000000000002' } as never,
    });
    await heard;
    expect(otherSession.connected).toBe(true);
    expect(otherRevoked).toEqual([]);
  });

  it('recovers the events a briefly disconnected client missed, re-checking its token', async () => {
    const customer = await registerCustomer(env);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(urlA, {
      transports: ['websocket'],
      auth: { token: customer.accessToken },
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const received = recordEvents(socket, 'ride:no-drivers');
      const rideId = '00000000-0000-4000-8000-000000000001';
      await eventually(async () => {
        await env.app.realtime.toUser('customer', customer.user.id, 'session:revoked', { reason: 'warm-up' });
        expect(socket.connected).toBe(true);
      });
      await nextEvent(socket, 'session:revoked');

      // The connection drops; an event is emitted while the client is away; it comes back.
      const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.io.engine.close();
      await eventually(() => expect(socket.connected).toBe(false));
      await second.app.realtime.toUser('customer', customer.user.id, 'ride:no-drivers', {
        rideId,
        ride: { id: rideId } as never,
      });
      await reconnected;
      expect(socket.recovered).toBe(true);
      await eventually(() => expect(received).toHaveLength(1));

      // Once the user's tokens are cut off, the same client cannot resume.
      const refused = new Promise<{ data?: { code: string } }>((resolve) =>
        socket.once('connect_error', resolve),
      );
      await call(env.app, 'POST', '/api/auth/logout-all', { token: customer.accessToken });
      socket.io.engine.close();
      expect((await refused).data?.code).toBe('USER_TOKENS_REVOKED');
    } finally {
      socket.close();
    }
  });

  it('lets only participants and admins follow a ride room', async () => {
    const customer = await registerCustomer(env);
    const socket = await connect(urlA, customer.accessToken);
    const unknownRide = '00000000-0000-4000-8000-000000000000';
    expect(await socket.emitWithAck('ride:join', { rideId: unknownRide })).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    });
    expect(await socket.emitWithAck('ride:join', { rideId: 'nope' })).toEqual({
      ok: false,
      error: 'VALIDATION_FAILED',
    });
    expect(await socket.emitWithAck('driver:location', { lat: 36.8, lng: 10.18 })).toEqual({
      ok: false,
      error: 'FORBIDDEN',
    });
  });
});
