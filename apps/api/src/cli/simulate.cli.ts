import { parseArgs } from 'node:util';
import type {
  AuthResponse,
  ClientToServerEvents,
  Ride,
  RideStatus,
  ServerToClientEvents,
  TokenPair,
  VehicleType,
} from '@truck4u/contracts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@truck4u/database';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../config/config';

/**
 * Driver simulator for a running system (`npm run simulate -- --api http://127.0.0.1:3000`). The seeded demo
 * drivers (plus `--extra-drivers N`, registered and verified through the admin API) log in, go online, drive
 * around their home, bid on ride requests near them and carry accepted rides to the end; with
 * `--rides-every S` the demo customers post a ride every S seconds and accept the first bid. Stops by itself
 * after `--minutes` (default 5). Time runs fast: trucks move at `--speed-kmh` (default 300).
 */
const { values } = parseArgs({
  options: {
    api: { type: 'string', default: loadConfig().http.publicUrl },
    'extra-drivers': { type: 'string', default: '0' },
    'rides-every': { type: 'string', default: '20' },
    minutes: { type: 'string', default: '5' },
    'speed-kmh': { type: 'string', default: '300' },
  },
});
const API = values.api.replace(/\/$/, '');
const EXTRA_DRIVERS = Number(values['extra-drivers']);
const RIDES_EVERY_S = Number(values['rides-every']);
const RUN_MS = Number(values.minutes) * 60_000;
const SPEED_KMH = Number(values['speed-kmh']);
const TICK_MS = 2_000;
const ACTIVE_STATUSES: RideStatus[] = [
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
];
const BID_RADIUS_M = 25_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Point {
  lat: number;
  lng: number;
}

const log = (who: string, message: string) =>
  console.log(`${new Date().toISOString().slice(11, 19)} ${who.padEnd(18)} ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function request<T>(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

function distanceMeters(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Moves `from` toward `to` by one tick at the simulated speed; "roads-ish": along latitude first, then longitude. */
function stepToward(from: Point, to: Point): Point {
  const stepM = (SPEED_KMH * 1000 * TICK_MS) / 3_600_000;
  const stepDeg = stepM / 111_200;
  if (Math.abs(to.lat - from.lat) > stepDeg)
    return { lat: from.lat + Math.sign(to.lat - from.lat) * stepDeg, lng: from.lng };
  const lngDeg = stepDeg / Math.cos((from.lat * Math.PI) / 180);
  if (Math.abs(to.lng - from.lng) > lngDeg)
    return { lat: to.lat, lng: from.lng + Math.sign(to.lng - from.lng) * lngDeg };
  return { ...to };
}

function near(home: Point, km: number): Point {
  const angle = Math.random() * 2 * Math.PI;
  const r = (km * Math.sqrt(Math.random())) / 111.2;
  return {
    lat: home.lat + r * Math.cos(angle),
    lng: home.lng + (r * Math.sin(angle)) / Math.cos((home.lat * Math.PI) / 180),
  };
}

/** An account with a socket whose token is refreshed before it expires. */
class Session {
  socket!: ClientSocket;
  private tokens!: TokenPair;
  userId = '';

  constructor(readonly name: string) {}

  get token() {
    return this.tokens.accessToken;
  }

  async login(role: 'customer' | 'driver' | 'admin', phone: string, password: string): Promise<boolean> {
    const response = await request<AuthResponse>('POST', '/api/auth/login', undefined, {
      role,
      phone,
      password,
    });
    if (response.status !== 200) {
      log(this.name, `cannot log in (${response.status} ${JSON.stringify(response.body)})`);
      return false;
    }
    this.tokens = response.body;
    this.userId = response.body.user.id;
    const refresher = setInterval(() => void this.refresh(), 10 * 60_000);
    refresher.unref();
    return true;
  }

  connect(): Promise<void> {
    this.socket = io(API, { transports: ['websocket'], auth: (cb) => cb({ token: this.token }) });
    this.socket.on('connect_error', (error) => log(this.name, `socket refused: ${error.message}`));
    this.socket.on('session:revoked', ({ reason }) => log(this.name, `session revoked: ${reason}`));
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  private async refresh() {
    const response = await request<TokenPair>('POST', '/api/auth/refresh', undefined, {
      refreshToken: this.tokens.refreshToken,
    });
    if (response.status === 200) this.tokens = response.body;
  }
}

class SimulatedDriver {
  readonly session: Session;
  position: Point;
  private waypoint: Point;
  private ride: Ride | null = null;
  private status: RideStatus | null = null;
  private waitUntil = 0;

  constructor(
    name: string,
    private readonly phone: string,
    private readonly password: string,
    private readonly home: Point,
  ) {
    this.session = new Session(name);
    this.position = near(home, 2);
    this.waypoint = near(home, 5);
  }

  async start(): Promise<boolean> {
    if (!(await this.session.login('driver', this.phone, this.password))) return false;
    await this.resumeActiveRide();
    const online = await request('PATCH', '/api/drivers/me/availability', this.session.token, {
      online: true,
    });
    if (online.status !== 200) {
      log(this.session.name, `cannot go online (${online.status})`);
      return false;
    }
    await this.session.connect();
    const { socket } = this.session;
    socket.on('ride:request', (payload) => void this.considerRequest(payload.ride));
    socket.on('bid:accepted', ({ ride }) => {
      log(this.session.name, `bid accepted for ride ${ride.id.slice(0, 8)}`);
      this.ride = ride;
      this.status = 'BID_ACCEPTED';
    });
    socket.on('bid:rejected', ({ bid, reason }) =>
      log(this.session.name, `bid ${bid.id.slice(0, 8)} rejected (${reason})`),
    );
    log(this.session.name, 'online');
    return true;
  }

  /**
   * A ride accepted in an earlier run is still this driver's active ride, and a driver with an active ride is
   * never asked again: carry it on to the end instead of idling forever.
   */
  private async resumeActiveRide() {
    const active = await request<{ items: Ride[] }>(
      'GET',
      `/api/rides?status=${ACTIVE_STATUSES.join(',')}&limit=1`,
      this.session.token,
    );
    const ride = active.status === 200 ? active.body.items[0] : undefined;
    if (!ride) return;
    this.ride = ride;
    this.status = ride.status;
    log(this.session.name, `resuming ride ${ride.id.slice(0, 8)} (${ride.status})`);
  }

  private async considerRequest(ride: Ride) {
    const distance = distanceMeters(this.position, ride.pickup);
    if (this.ride || distance > BID_RADIUS_M) return;
    await sleep(500 + Math.random() * 2_500);
    const price = Math.round((ride.priceEstimate * (0.9 + Math.random() * 0.3)) / 100) * 100;
    const etaMinutes = Math.max(1, Math.round(distance / 1000 / 0.5));
    const response = await request('POST', `/api/rides/${ride.id}/bids`, this.session.token, {
      price,
      etaMinutes,
    });
    log(
      this.session.name,
      `bid ${price / 1000} TND on ride ${ride.id.slice(0, 8)} (${(distance / 1000).toFixed(1)} km): ${response.status}`,
    );
  }

  private async advance(to: RideStatus) {
    if (!this.ride) return;
    const response = await request('PATCH', `/api/rides/${this.ride.id}/status`, this.session.token, {
      status: to,
    });
    log(this.session.name, `ride ${this.ride.id.slice(0, 8)} ${this.status} -> ${to}: ${response.status}`);
    if (response.status === 200) this.status = to;
    else if (response.status === 409 || response.status === 404) this.ride = null;
    if (to === 'COMPLETED') {
      this.ride = null;
      this.status = null;
    }
  }

  /** One tick: move, report the position, and move the ride along when a place is reached. */
  async tick() {
    const now = Date.now();
    if (this.ride && now >= this.waitUntil) {
      const target = ['BID_ACCEPTED', 'DRIVER_ARRIVING'].includes(this.status ?? '')
        ? this.ride.pickup
        : this.ride.dropoff;
      const arrived = distanceMeters(this.position, target) < 50;
      if (this.status === 'BID_ACCEPTED') await this.advance('DRIVER_ARRIVING');
      else if (this.status === 'DRIVER_ARRIVING' && arrived) await this.advance('PICKUP_ARRIVED');
      else if (this.status === 'PICKUP_ARRIVED') {
        await this.advance('LOADING');
        this.waitUntil = now + 4_000;
      } else if (this.status === 'LOADING') await this.advance('IN_TRANSIT');
      else if (this.status === 'IN_TRANSIT' && arrived) await this.advance('DROPOFF_ARRIVED');
      else if (this.status === 'DROPOFF_ARRIVED') await this.advance('COMPLETED');
      if (this.ride && this.status !== 'LOADING' && this.status !== 'PICKUP_ARRIVED')
        this.position = stepToward(this.position, target);
    } else if (!this.ride) {
      if (distanceMeters(this.position, this.waypoint) < 50) this.waypoint = near(this.home, 5);
      this.position = stepToward(this.position, this.waypoint);
    }
    this.session.socket.emit('driver:location', { ...this.position, speedKmh: Math.min(SPEED_KMH, 90) });
  }
}

async function extraDrivers(count: number): Promise<SimulatedDriver[]> {
  if (count === 0) return [];
  const admin = new Session('admin');
  if (!(await admin.login('admin', DEMO_ACCOUNTS.admin.phone, DEMO_PASSWORD))) return [];
  const homes = DEMO_ACCOUNTS.drivers.map((d) => ({ lat: d.lat, lng: d.lng }));
  const types: VehicleType[] = ['SMALL_VAN', 'LARGE_VAN', 'BOX_TRUCK', 'PICKUP'];
  const created: SimulatedDriver[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+2165${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    const password = 'simulated-driver-1';
    const registered = await request<AuthResponse>('POST', '/api/auth/register', undefined, {
      role: 'driver',
      phone,
      password,
      name: `Sim driver ${i + 1}`,
      vehicle: { type: types[i % types.length], plate: `${100 + i} TU ${1000 + i}`, capacityKg: 2000 },
    });
    if (registered.status !== 201) continue;
    const verified = await request(
      'PATCH',
      `/api/admin/drivers/${registered.body.user.id}/verify`,
      admin.token,
      {
        approved: true,
      },
    );
    if (verified.status !== 200) {
      log('admin', `cannot verify new drivers (${verified.status}); using the demo drivers only`);
      break;
    }
    const home = homes[i % homes.length] ?? { lat: 36.8, lng: 10.18 };
    created.push(new SimulatedDriver(`Sim driver ${i + 1}`, phone, password, near(home, 8)));
  }
  return created;
}

async function runCustomers(stopAt: number) {
  if (RIDES_EVERY_S <= 0) return;
  const customers: Session[] = [];
  for (const c of DEMO_ACCOUNTS.customers) {
    const session = new Session(c.name);
    if (!(await session.login('customer', c.phone, DEMO_PASSWORD))) continue;
    await session.connect();
    session.socket.on('bid:new', ({ bid }) => {
      log(
        session.name,
        `bid ${bid.price / 1000} TND from ${bid.driver.name} on ride ${bid.rideId.slice(0, 8)}`,
      );
      // The first bid wins after a short look; later ones find the ride taken.
      setTimeout(async () => {
        const accepted = await request(
          'POST',
          `/api/rides/${bid.rideId}/bids/${bid.id}/accept`,
          session.token,
        );
        if (accepted.status === 200)
          log(session.name, `accepted ${bid.driver.name} for ride ${bid.rideId.slice(0, 8)}`);
      }, 2_000);
    });
    session.socket.on('ride:status', ({ rideId, from, to }) =>
      log(session.name, `ride ${rideId.slice(0, 8)} ${from} -> ${to}`),
    );
    session.socket.on('ride:no-drivers', ({ rideId }) =>
      log(session.name, `no driver for ride ${rideId.slice(0, 8)}`),
    );
    customers.push(session);
  }
  const homes = DEMO_ACCOUNTS.drivers.map((d) => ({ lat: d.lat, lng: d.lng }));
  const types = [...new Set(DEMO_ACCOUNTS.drivers.map((d) => d.vehicleType))];
  for (let i = 0; Date.now() < stopAt && customers.length > 0; i++) {
    const customer = customers[i % customers.length];
    const home = homes[i % homes.length];
    if (!customer || !home) break;
    const pickup = near(home, 4);
    const posted = await request<Ride>('POST', '/api/rides', customer.token, {
      pickup: { ...pickup, address: 'Pickup (simulated)' },
      dropoff: { ...near(home, 12), address: 'Dropoff (simulated)' },
      vehicleType: types[i % types.length],
      cargo: { description: 'Simulated cargo', weightKg: 200 + ((i * 137) % 800) },
      loadAssistance: i % 3 === 0,
    });
    if (posted.status === 201) {
      log(customer.name, `posted ride ${posted.body.id.slice(0, 8)}`);
      // Follow the ride's room for its status changes and the driver's positions.
      await customer.socket.emitWithAck('ride:join', { rideId: posted.body.id });
    } else {
      log(customer.name, `cannot post a ride (${posted.status} ${JSON.stringify(posted.body)})`);
    }
    await sleep(RIDES_EVERY_S * 1000);
  }
  for (const c of customers) c.socket.close();
}

async function main() {
  const stopAt = Date.now() + RUN_MS;
  const drivers = DEMO_ACCOUNTS.drivers.map(
    (d) => new SimulatedDriver(d.name, d.phone, DEMO_PASSWORD, { lat: d.lat, lng: d.lng }),
  );
  drivers.push(...(await extraDrivers(EXTRA_DRIVERS)));
  const started: SimulatedDriver[] = [];
  for (const driver of drivers) if (await driver.start()) started.push(driver);
  log('simulator', `${started.length} drivers online; running for ${RUN_MS / 60_000} min against ${API}`);
  const customers = runCustomers(stopAt);
  while (Date.now() < stopAt) {
    await Promise.all(
      started.map((d) => d.tick().catch((error: unknown) => log(d.session.name, String(error)))),
    );
    await sleep(TICK_MS);
  }
  await customers;
  for (const d of started) {
    await request('PATCH', '/api/drivers/me/availability', d.session.token, { online: false });
    d.session.socket.close();
  }
  log('simulator', 'done');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
