import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let baseUrl: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

/** What each way in says about one viewer and one ride: may they see it? */
async function accessOf(viewer: TestAccount, rideId: string) {
  const token = viewer.accessToken;
  const ride = await call(env.app, 'GET', `/api/rides/${rideId}`, { token });
  const events = await call(env.app, 'GET', `/api/rides/${rideId}/events`, { token });
  const socket = await connectSocket(baseUrl, token);
  sockets.push(socket);
  const join = await socket.emitWithAck('ride:join', { rideId });
  socket.close();
  const access = { ride: ride.status, events: events.status, join: join.ok };
  // Admins do not read bids (the route lets customers and drivers only).
  if (viewer.user.role === 'admin') return access;
  const bids = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token });
  return { ...access, bids: bids.status };
}

const sees = (role: string) =>
  role === 'admin'
    ? { ride: 200, events: 200, join: true }
    : { ride: 200, events: 200, join: true, bids: 200 };
const blind = (role: string) =>
  role === 'admin'
    ? { ride: 404, events: 404, join: false }
    : { ride: 404, events: 404, join: false, bids: 404 };

describe('who may see a ride, over HTTP and in its socket room alike', () => {
  it('lets the owner, the assigned driver, an offered driver while it takes bids and admins in; nobody else', async () => {
    const owner = await registerCustomer(env);
    const otherCustomer = await registerCustomer(env);
    const offered = await registerDriver(env, { verified: true });
    const assigned = await registerDriver(env, { verified: true });
    const outbid = await registerDriver(env, { verified: true });
    const outsider = await registerDriver(env, { verified: true });
    const admin = await loginAdmin(env);

    // One ride still taking bids, offered to `offered`; one accepted for `assigned`, which `outbid` lost.
    const open = await insertRide(env, { customerId: owner.user.id });
    await offerRide(env, open, offered.user.id);
    const taken = await insertRide(env, { customerId: owner.user.id });
    await offerRide(env, taken, assigned.user.id, outbid.user.id);
    const winning = await placeBid(env, assigned, taken);
    await placeBid(env, outbid, taken, { price: 45_000, etaMinutes: 9 });
    expect((await acceptBid(env, owner, taken, winning.id)).status).toBe(200);

    const cases: [string, TestAccount, string, boolean][] = [
      ['the owner, open ride', owner, open, true],
      ['the owner, taken ride', owner, taken, true],
      ['the assigned driver', assigned, taken, true],
      ['a driver offered the open ride', offered, open, true],
      ['a driver offered a ride now taken by another', outbid, taken, false],
      ['a driver never offered it', outsider, open, false],
      ['another customer', otherCustomer, open, false],
      ['an admin, open ride', admin, open, true],
      ['an admin, taken ride', admin, taken, true],
    ];
    for (const [who, viewer, rideId, isVisible] of cases) {
      const role = viewer.user.role;
      expect(await accessOf(viewer, rideId), who).toEqual(isVisible ? sees(role) : blind(role));
    }
  });
});
