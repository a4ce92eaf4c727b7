import { parseArgs } from 'node:util';
import {
  ACTIVE_RIDE_STATUSES,
  type ClientToServerEvents,
  DOCUMENT_KINDS,
  type DocumentKind,
  haversineMeters,
  licenceCategoriesFor,
  type Ride,
  type RideStatus,
  type ServerToClientEvents,
  type SubmitDocument,
  type TokenPair,
  type VehicleType,
} from '@truck4u/contracts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@truck4u/database';
import { type ApiClient, createAdminApi, createApiClient, isApiError } from '@truck4u/logic';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../config/config';

/**
 * Marketplace simulator for a running system (`npm run simulate -- --api http://127.0.0.1:3000`). The seeded
 * demo drivers (plus `--extra-drivers N`, who send their five documents for an admin to approve) log in, go online,
 * drive around their home, bid on ride requests near them and carry accepted rides through every status;
 * with `--rides-every S` the demo customers post a ride every S seconds near an idle driver, accept the first
 * bid, pay the completed ride in cash (the driver confirms receiving it) and rate the driver, who rates them
 * back. Time runs fast: each leg (to the pickup, to the drop-off) takes about `--leg-seconds` (default 10), but
 * never faster than 150 km/h, since the api distrusts faster fixes, so a ride's life takes a few minutes. Stops after `--minutes` (default 5, fractions allowed) or on Ctrl-C / SIGTERM, and puts
 * its drivers offline before it exits.
 */
const { values } = parseArgs({
  options: {
    api: { type: 'string', default: loadConfig().http.publicUrl },
    'extra-drivers': { type: 'string', default: '0' },
    'rides-every': { type: 'string', default: '20' },
    minutes: { type: 'string', default: '5' },
    'leg-seconds': { type: 'string', default: '10' },
  },
});
const API = values.api.replace(/\/$/, '');
const EXTRA_DRIVERS = Number(values['extra-drivers']);
const RIDES_EVERY_S = Number(values['rides-every']);
const RUN_MS = Number(values.minutes) * 60_000;
const TICK_MS = 1_000;
const CASH_CONFIRM_AFTER_MS = 2_000;
const LEG_TICKS = Math.max(1, Math.round((Number(values['leg-seconds']) * 1000) / TICK_MS));
// Between rides, drivers cruise at a believable 60 km/h.
const CRUISE_STEP_M = (60 * 1000 * TICK_MS) / 3_600_000;
// The contract caps a reported speed; simulated legs may go faster than any truck.
const MAX_REPORTED_KMH = 130;
/** The longest step per tick: 150 km/h, under the api's default plausible-speed bound (180 km/h). */
const MAX_LEG_STEP_M = (150_000 / 3_600_000) * TICK_MS;
const LOADING_MS = 3_000;
const ARRIVED_WITHIN_M = 50;
const BID_RADIUS_M = 25_000;
const SETTLEMENT_WAIT_MS = 20_000;
const OFFLINE_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
// Ahead of the api's default 15 min access token, so a socket reconnecting meanwhile presents a valid one.
const PROACTIVE_REFRESH_MS = 10 * 60_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Point {
  lat: number;
  lng: number;
}

const log = (who: string, message: string) =>
  console.log(`${new Date().toISOString().slice(11, 19)} ${who.padEnd(18)} ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shortId = (id: string) => id.slice(0, 8);

// Ctrl-C or SIGTERM ends the run the same way as reaching --minutes: drivers go offline, then the process exits.
// Later signals are ignored rather than cutting that short: Ctrl-C reaches this process twice (from the
// terminal and relayed by tsx), and going offline is bounded by OFFLINE_TIMEOUT_MS anyway.
let isStopping = false;
const stopRequested = new Promise<void>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (isStopping) return;
      isStopping = true;
      log('simulator', `${signal}: stopping, drivers go offline`);
      resolve();
    });
  }
});
/** Sleeps, but wakes up at once when the run is asked to stop. */
const pause = (ms: number) => Promise.race([sleep(ms), stopRequested]);

/** What the run achieved, printed at the end. */
const tally = { posted: 0, accepted: 0, completed: 0, paid: 0, ratedByCustomer: 0, ratedByDriver: 0 };

/** A call never hangs the run: a system that does not answer within REQUEST_TIMEOUT_MS counts as a failure. */
const timedFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

/** An anonymous client, for registering the extra drivers. */
const publicApi = createApiClient({
  baseUrl: API,
  getAccessToken: () => null,
  refreshAccessToken: async () => null,
  fetch: timedFetch,
});

/** `status` 0: no answer (network error, timeout). */
type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; why: string };

/** A call's result or, for the log line, why it failed (status and contract error code). */
async function attempt<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (isApiError(error)) return { ok: false, status: error.status, why: `${error.status} ${error.code}` };
    return { ok: false, status: 0, why: String(error) };
  }
}

const said = (outcome: Outcome<unknown>) => (outcome.ok ? 'ok' : outcome.why);

/** Moves `from` toward `to` by at most `stepM` metres, in a straight line. */
function stepToward(from: Point, to: Point, stepM: number): Point {
  const distance = haversineMeters(from, to);
  if (distance <= stepM) return { ...to };
  const f = stepM / distance;
  return { lat: from.lat + (to.lat - from.lat) * f, lng: from.lng + (to.lng - from.lng) * f };
}

function near(home: Point, km: number): Point {
  const angle = Math.random() * 2 * Math.PI;
  const r = (km * Math.sqrt(Math.random())) / 111.2;
  return {
    lat: home.lat + r * Math.cos(angle),
    lng: home.lng + (r * Math.sin(angle)) / Math.cos((home.lat * Math.PI) / 180),
  };
}

/**
 * An account: the shared api client holding its tokens, and a socket. The access token is refreshed ahead of its
 * expiry and whenever the api answers TOKEN_EXPIRED, through one refresh at a time: a refresh token is single use,
 * so a second refresh in parallel would make the api revoke the whole session.
 */
class Session {
  socket!: ClientSocket;
  readonly api: ApiClient;
  private tokens: TokenPair | null = null;
  private refreshing: Promise<string | null> | null = null;
  userId = '';

  constructor(readonly name: string) {
    this.api = createApiClient({
      baseUrl: API,
      getAccessToken: () => this.tokens?.accessToken ?? null,
      refreshAccessToken: () => this.refresh(),
      onSessionEnded: (code) => log(this.name, `session ended (${code})`),
      fetch: timedFetch,
    });
  }

  async login(role: 'customer' | 'driver' | 'admin', phone: string, password: string): Promise<boolean> {
    const login = await attempt(this.api.auth.login({ role, phone, password }));
    if (!login.ok) {
      log(this.name, `cannot log in (${login.why})`);
      return false;
    }
    this.tokens = login.value;
    this.userId = login.value.user.id;
    const refresher = setInterval(() => void this.refresh(), PROACTIVE_REFRESH_MS);
    refresher.unref();
    return true;
  }

  connect(): Promise<void> {
    this.socket = io(API, {
      transports: ['websocket'],
      auth: (cb) => cb({ token: this.tokens?.accessToken }),
    });
    this.socket.on('connect_error', (error) => {
      const code = (error as Error & { data?: { code?: string } }).data?.code ?? error.message;
      log(this.name, `socket refused: ${error.message}`);
      // socket.io does not retry a refused handshake.
      if (/TOKEN_EXPIRED|expired/i.test(code)) this.reconnectWithFreshToken();
    });
    this.socket.on('session:revoked', ({ reason }) => log(this.name, `session revoked: ${reason}`));
    // The api closes a socket when the token it connected with expires, and socket.io never reconnects after a
    // server-side close: without this a run longer than the token's life would go deaf (and silent).
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') this.reconnectWithFreshToken();
    });
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  private reconnectWithFreshToken() {
    if (isStopping) return;
    void this.refresh().then((token) => {
      if (token && !isStopping) this.socket.connect();
    });
  }

  private refresh(): Promise<string | null> {
    this.refreshing ??= this.renewTokens().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async renewTokens(): Promise<string | null> {
    if (!this.tokens) return null;
    const renewed = await attempt(this.api.auth.refresh(this.tokens.refreshToken));
    if (!renewed.ok) {
      log(this.name, `cannot refresh the session (${renewed.why})`);
      return null;
    }
    this.tokens = renewed.value;
    return renewed.value.accessToken;
  }
}

class SimulatedDriver {
  readonly session: Session;
  position: Point;
  private waypoint: Point;
  private ride: Ride | null = null;
  private status: RideStatus | null = null;
  private waitUntil = 0;
  /** Metres per tick on the current leg, so that each leg takes about LEG_TICKS ticks. */
  private legStepM = CRUISE_STEP_M;

  constructor(
    name: string,
    private readonly phone: string,
    private readonly password: string,
    readonly home: Point,
    readonly vehicleType: VehicleType,
  ) {
    this.session = new Session(name);
    this.position = near(home, 2);
    this.waypoint = near(home, 5);
  }

  get isIdle(): boolean {
    return this.ride === null;
  }

  async start(): Promise<boolean> {
    if (!(await this.session.login('driver', this.phone, this.password))) return false;
    await this.resumeActiveRide();
    const online = await attempt(this.session.api.drivers.setAvailability(true));
    if (!online.ok) {
      log(this.session.name, `cannot go online (${online.why})`);
      return false;
    }
    await this.session.connect();
    const { socket } = this.session;
    socket.on('ride:request', (payload) => void this.considerRequest(payload.ride));
    socket.on('bid:accepted', ({ ride }) => {
      log(this.session.name, `bid accepted for ride ${shortId(ride.id)}`);
      this.takeRide(ride, 'BID_ACCEPTED');
    });
    socket.on('bid:rejected', ({ bid, reason }) =>
      log(this.session.name, `bid ${shortId(bid.id)} rejected (${reason})`),
    );
    socket.on('ride:status', ({ rideId, to }) => {
      // The customer cancelled: stop driving to a ride that is gone.
      if (to === 'CANCELLED' && this.ride?.id === rideId) {
        log(this.session.name, `ride ${shortId(rideId)} cancelled`);
        this.ride = null;
        this.status = null;
      }
    });
    log(this.session.name, 'online');
    return true;
  }

  /** Best effort, bounded: the run is ending and nobody waits long for a system that does not answer. */
  async goOffline(): Promise<void> {
    const offline = await Promise.race([
      attempt(this.session.api.drivers.setAvailability(false)),
      sleep(OFFLINE_TIMEOUT_MS).then((): Outcome<never> => ({ ok: false, status: 0, why: 'no answer' })),
    ]);
    log(this.session.name, offline.ok ? 'offline' : `could not go offline (${offline.why})`);
    this.session.socket.close();
  }

  private takeRide(ride: Ride, status: RideStatus) {
    this.ride = ride;
    this.status = status;
    const target = ['BID_ACCEPTED', 'DRIVER_ARRIVING'].includes(status) ? ride.pickup : ride.dropoff;
    // Never faster than the api believes a truck can go: a faster fix is flagged as a jump and not trusted,
    // and the drop-off could then not be reached in the api's eyes (TOO_FAR_FROM_DROPOFF).
    this.legStepM = Math.min(
      MAX_LEG_STEP_M,
      Math.max(CRUISE_STEP_M, haversineMeters(this.position, target) / LEG_TICKS),
    );
  }

  /**
   * A ride accepted in an earlier run is still this driver's active ride, and a driver with an active ride is
   * never asked again: carry it on to the end instead of idling forever.
   */
  private async resumeActiveRide() {
    const active = await attempt(
      this.session.api.rides.list({ status: [...ACTIVE_RIDE_STATUSES], limit: 1 }),
    );
    const ride = active.ok ? active.value.items[0] : undefined;
    if (!ride) return;
    this.takeRide(ride, ride.status);
    log(this.session.name, `resuming ride ${shortId(ride.id)} (${ride.status})`);
  }

  private async considerRequest(ride: Ride) {
    const distance = haversineMeters(this.position, ride.pickup);
    if (this.ride || distance > BID_RADIUS_M || isStopping) return;
    await sleep(500 + Math.random() * 1_500);
    const price = Math.round((ride.priceEstimate * (0.9 + Math.random() * 0.3)) / 100) * 100;
    const etaMinutes = Math.max(1, Math.round(distance / 1000 / 0.5));
    const bid = await attempt(this.session.api.bids.place(ride.id, { price, etaMinutes }));
    log(
      this.session.name,
      `bid ${price / 1000} TND on ride ${shortId(ride.id)} (${(distance / 1000).toFixed(1)} km): ${said(bid)}`,
    );
  }

  private async advance(to: RideStatus) {
    const ride = this.ride;
    if (!ride) return;
    const changed = await attempt(this.session.api.rides.setStatus(ride.id, to));
    log(this.session.name, `ride ${shortId(ride.id)} ${this.status} -> ${to}: ${said(changed)}`);
    if (!changed.ok) {
      // Cancelled or taken away meanwhile: forget it.
      if (changed.status === 409 || changed.status === 404) this.ride = null;
      return;
    }
    this.status = to;
    if (to === 'PICKUP_ARRIVED') this.waitUntil = Date.now() + LOADING_MS;
    if (to === 'IN_TRANSIT') this.takeRide(ride, to);
    if (to === 'COMPLETED') {
      tally.completed += 1;
      this.ride = null;
      this.status = null;
      await this.rateCustomer(ride.id);
      // The customer pays cash on completion; the driver then says the cash was received, which settles it.
      await sleep(CASH_CONFIRM_AFTER_MS);
      const confirmed = await attempt(this.session.api.cash.confirm(ride.id));
      log(this.session.name, `confirmed the cash of ride ${shortId(ride.id)}: ${said(confirmed)}`);
    }
  }

  private async rateCustomer(rideId: string) {
    const rated = await attempt(
      this.session.api.rides.rate(rideId, {
        score: 4 + Math.round(Math.random()),
        comment: 'Ready on time, easy loading',
      }),
    );
    if (rated.ok) tally.ratedByDriver += 1;
    log(this.session.name, `rated the customer of ride ${shortId(rideId)}: ${said(rated)}`);
  }

  /** One tick: move, report the position, and move the ride along when a place is reached. */
  async tick() {
    const from = this.position;
    const ride = this.ride;
    if (ride && Date.now() >= this.waitUntil) {
      const toPickup = ['BID_ACCEPTED', 'DRIVER_ARRIVING'].includes(this.status ?? '');
      const target = toPickup ? ride.pickup : ride.dropoff;
      const hasArrived = haversineMeters(this.position, target) < ARRIVED_WITHIN_M;
      if (this.status === 'BID_ACCEPTED') await this.advance('DRIVER_ARRIVING');
      else if (this.status === 'DRIVER_ARRIVING' && hasArrived) await this.advance('PICKUP_ARRIVED');
      else if (this.status === 'PICKUP_ARRIVED') await this.advance('LOADING');
      else if (this.status === 'LOADING') await this.advance('IN_TRANSIT');
      else if (this.status === 'IN_TRANSIT' && hasArrived) await this.advance('DROPOFF_ARRIVED');
      else if (this.status === 'DROPOFF_ARRIVED') await this.advance('COMPLETED');
      if (this.status === 'DRIVER_ARRIVING' || this.status === 'IN_TRANSIT')
        this.position = stepToward(this.position, target, this.legStepM);
    } else if (!ride) {
      if (haversineMeters(this.position, this.waypoint) < ARRIVED_WITHIN_M)
        this.waypoint = near(this.home, 5);
      this.position = stepToward(this.position, this.waypoint, CRUISE_STEP_M);
    }
    const speedKmh = Math.min(MAX_REPORTED_KMH, (haversineMeters(from, this.position) / TICK_MS) * 3_600);
    this.session.socket.emit('driver:location', { ...this.position, speedKmh });
  }
}

async function extraDrivers(count: number): Promise<SimulatedDriver[]> {
  if (count === 0) return [];
  const admin = new Session('admin');
  if (!(await admin.login('admin', DEMO_ACCOUNTS.admin.phone, DEMO_PASSWORD))) return [];
  const adminApi = createAdminApi(admin.api);
  const homes = DEMO_ACCOUNTS.drivers.map((d) => ({ lat: d.lat, lng: d.lng }));
  const types: VehicleType[] = ['SMALL_VAN', 'LARGE_VAN', 'BOX_TRUCK', 'PICKUP'];
  const created: SimulatedDriver[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+2165${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    const password = 'simulated-driver-1';
    const vehicleType = types[i % types.length] ?? 'SMALL_VAN';
    const registered = await attempt(
      publicApi.auth.register({
        role: 'driver',
        phone,
        password,
        name: `Sim driver ${i + 1}`,
        vehicle: { type: vehicleType, plate: `${100 + i} TU ${1000 + i}`, capacityKg: 2000 },
      }),
    );
    if (!registered.ok) continue;
    const onboarded = await sendApprovedDocuments(adminApi, phone, password, vehicleType);
    if (!onboarded.ok) {
      log('admin', `cannot verify new drivers (${onboarded.why}); using the demo drivers only`);
      break;
    }
    const home = homes[i % homes.length] ?? { lat: 36.8, lng: 10.18 };
    created.push(new SimulatedDriver(`Sim driver ${i + 1}`, phone, password, near(home, 8), vehicleType));
  }
  return created;
}

// A few bytes that pass the upload check (a JPEG's signature): the simulator's documents are never looked at.
const PLACEHOLDER_JPEG = new Uint8Array(2_048).fill(0x20);
PLACEHOLDER_JPEG.set([0xff, 0xd8, 0xff, 0xe0]);

function documentFor(kind: DocumentKind, vehicleType: VehicleType): Omit<SubmitDocument, 'uploadId'> {
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  switch (kind) {
    case 'CIN':
      return { kind, number: '08123456', issuedAt: '2019-05-02' };
    case 'DRIVING_LICENCE':
      return { kind, number: '12/345678', expiresAt, categories: [...licenceCategoriesFor(vehicleType)] };
    case 'VEHICLE_REGISTRATION':
      return { kind, number: '123 TU 4567' };
    case 'INSURANCE':
      return { kind, number: 'SIM-2026-0001', expiresAt };
    case 'TECHNICAL_INSPECTION':
      return { kind, expiresAt };
  }
}

/**
 * Onboards a registered driver the way a real one is: the driver sends the five documents and an admin
 * approves each; approving the last one verifies the driver (docs/DRIVER-DOCUMENTS.md).
 */
async function sendApprovedDocuments(
  adminApi: ReturnType<typeof createAdminApi>,
  phone: string,
  password: string,
  vehicleType: VehicleType,
): Promise<{ ok: true } | { ok: false; why: string }> {
  const driver = new Session('new driver');
  if (!(await driver.login('driver', phone, password))) return { ok: false, why: 'cannot log in' };
  for (const kind of DOCUMENT_KINDS) {
    const file = new Blob([PLACEHOLDER_JPEG], { type: 'image/jpeg' });
    const upload = await attempt(driver.api.uploads.send('DRIVER_DOCUMENT', file));
    if (!upload.ok) return upload;
    const submitted = await attempt(
      driver.api.documents.submit({ ...documentFor(kind, vehicleType), uploadId: upload.value.id }),
    );
    if (!submitted.ok) return submitted;
    const reviewed = await attempt(adminApi.documents.review(submitted.value.id, true));
    if (!reviewed.ok) return reviewed;
  }
  return { ok: true };
}

/** The customer side of a ride once it is completed: pay in cash, wait for the settlement, rate the driver. */
async function payAndRate(customer: Session, rideId: string) {
  const paid = await attempt(customer.api.payments.create(rideId, 'CASH'));
  if (!paid.ok) {
    log(customer.name, `cannot pay ride ${shortId(rideId)} (${paid.why})`);
    return;
  }
  // The cash is settled once the driver confirms it was received, a few seconds after the completion.
  let payment = paid.value;
  const deadline = Date.now() + SETTLEMENT_WAIT_MS;
  while (payment.status === 'PENDING' && Date.now() < deadline) {
    await sleep(500);
    const read = await attempt(customer.api.payments.get(payment.id));
    if (read.ok) payment = read.value;
  }
  if (payment.status === 'SUCCEEDED') tally.paid += 1;
  log(customer.name, `paid ride ${shortId(rideId)} ${payment.amount / 1000} TND in cash: ${payment.status}`);
  const rated = await attempt(
    customer.api.rides.rate(rideId, {
      score: 4 + Math.round(Math.random()),
      comment: 'Careful with the cargo, on time',
    }),
  );
  if (rated.ok) tally.ratedByCustomer += 1;
  log(customer.name, `rated the driver of ride ${shortId(rideId)}: ${said(rated)}`);
}

async function runCustomers(stopAt: number, drivers: readonly SimulatedDriver[]) {
  const customers: Session[] = [];
  if (RIDES_EVERY_S <= 0) return customers;
  const acceptedRides = new Set<string>();
  for (const c of DEMO_ACCOUNTS.customers) {
    const session = new Session(c.name);
    if (!(await session.login('customer', c.phone, DEMO_PASSWORD))) continue;
    await session.connect();
    session.socket.on('bid:new', ({ bid }) => {
      log(session.name, `bid ${bid.price / 1000} TND from ${bid.driver.name} on ride ${shortId(bid.rideId)}`);
      // The first bid wins after a short look.
      if (acceptedRides.has(bid.rideId)) return;
      acceptedRides.add(bid.rideId);
      setTimeout(async () => {
        const accepted = await attempt(session.api.bids.accept(bid.rideId, bid.id));
        if (accepted.ok) tally.accepted += 1;
        else acceptedRides.delete(bid.rideId);
        log(session.name, `accept ${bid.driver.name} for ride ${shortId(bid.rideId)}: ${said(accepted)}`);
      }, 1_500);
    });
    session.socket.on('ride:status', ({ rideId, from, to }) => {
      log(session.name, `ride ${shortId(rideId)} ${from} -> ${to}`);
      if (to === 'COMPLETED')
        void payAndRate(session, rideId).catch((e: unknown) => log(session.name, String(e)));
    });
    session.socket.on('ride:no-drivers', ({ rideId }) =>
      log(session.name, `no driver for ride ${shortId(rideId)}`),
    );
    customers.push(session);
  }
  for (let i = 0; Date.now() < stopAt && !isStopping && customers.length > 0; i++) {
    const customer = customers[i % customers.length];
    // Rides are posted near a driver who is free, with their kind of vehicle, so each one can be carried out.
    const idle = drivers.filter((d) => d.isIdle);
    const driver = idle[i % Math.max(1, idle.length)] ?? drivers[i % drivers.length];
    if (!customer || !driver) break;
    const pickup = near(driver.position, 3);
    const posted = await attempt(
      customer.api.rides.create({
        pickup: { ...pickup, address: 'Pickup (simulated)' },
        dropoff: { ...near(pickup, 8), address: 'Dropoff (simulated)' },
        vehicleType: driver.vehicleType,
        cargo: { description: 'Simulated cargo', weightKg: 200 + ((i * 137) % 600) },
        loadAssistance: i % 3 === 0,
      }),
    );
    if (posted.ok) {
      tally.posted += 1;
      log(customer.name, `posted ride ${shortId(posted.value.id)} (${driver.vehicleType})`);
      // Follow the ride's room for its status changes and the driver's positions.
      await customer.socket
        .timeout(REQUEST_TIMEOUT_MS)
        .emitWithAck('ride:join', { rideId: posted.value.id })
        .catch(() => log(customer.name, `cannot follow ride ${shortId(posted.value.id)} (no answer)`));
    } else {
      log(customer.name, `cannot post a ride (${posted.why})`);
    }
    await pause(RIDES_EVERY_S * 1000);
  }
  return customers;
}

async function main() {
  const stopAt = Date.now() + RUN_MS;
  const drivers = DEMO_ACCOUNTS.drivers.map(
    (d) => new SimulatedDriver(d.name, d.phone, DEMO_PASSWORD, { lat: d.lat, lng: d.lng }, d.vehicleType),
  );
  drivers.push(...(await extraDrivers(EXTRA_DRIVERS)));
  const started: SimulatedDriver[] = [];
  try {
    for (const driver of drivers) {
      if (isStopping) break;
      if (await driver.start()) started.push(driver);
    }
    log('simulator', `${started.length} drivers online; running for ${RUN_MS / 60_000} min against ${API}`);
    const customers = runCustomers(stopAt, started);
    while (Date.now() < stopAt && !isStopping) {
      await Promise.all(
        started.map((d) => d.tick().catch((error: unknown) => log(d.session.name, String(error)))),
      );
      await pause(TICK_MS);
    }
    for (const c of await customers) c.socket.close();
  } finally {
    // Whatever ended the run (its end, a signal, an error), the drivers must not stay "online" for ever.
    await Promise.all(started.map((d) => d.goOffline()));
    log(
      'simulator',
      `done: ${tally.posted} rides posted, ${tally.accepted} accepted, ${tally.completed} completed, ` +
        `${tally.paid} paid, ${tally.ratedByCustomer} rated by the customer, ${tally.ratedByDriver} by the driver`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
