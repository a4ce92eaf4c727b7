import { randomUUID } from 'node:crypto';
import {
  ACTIVE_RIDE_STATUSES,
  type ClientToServerEvents,
  type Ride,
  type RideStatus,
  type ServerToClientEvents,
  type TokenPair,
} from '@truck4u/contracts';
import { type ApiClient, createApiClient, isApiError } from '@truck4u/logic';
import { io, type Socket } from 'socket.io-client';
import type { ClientRecord, RevokedTokenProbe, SeenEvent } from './chaos-invariants';

/**
 * Simulated customers and drivers for the chaos run, on the shared api client (packages/logic) the apps use.
 * Each account runs one sequential loop (socket handlers only note what arrived), so its own requests never
 * race each other and a logout is never overtaken by a request still using the old token. Every write is
 * retried with the same Idempotency-Key / clientEventId after a timeout or a 5xx, as the apps do: the run
 * checks that a retry never does a thing twice. What the clients saw goes into a ClientRecord for the checker.
 */

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 8_000;
const TICK_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Sample {
  at: number;
  ms: number;
  /** 0: no answer (reset, refused, timeout). */
  status: number;
}

/** Every request the clients made, for "requests served" and latency percentiles. */
export class Traffic {
  readonly samples: Sample[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    const at = Date.now();
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      this.samples.push({ at, ms: performance.now() - started, status: response.status });
      return response;
    } catch (error) {
      this.samples.push({ at, ms: performance.now() - started, status: 0 });
      throw error;
    }
  };
}

export interface LoadOptions {
  apiUrl: string;
  traffic: Traffic;
  log: (message: string) => void;
  /** Rides a customer keeps open at once. */
  openRidesPerCustomer: number;
  /** Chance per customer tick of logging out (then probing the old token and logging in again). */
  logoutChance: number;
}

interface Credentials {
  role: 'customer' | 'driver';
  phone: string;
  password: string;
  userId: string;
}

/** 0 for "no answer", else the HTTP status of an ApiError. */
function statusOf(error: unknown): number {
  return isApiError(error) ? error.status : 0;
}
const isRetryable = (error: unknown) => {
  const status = statusOf(error);
  return status === 0 || status >= 500 || status === 429;
};

/** One signed-in account: its tokens, the api client on them, and a socket. */
class Account {
  readonly api: ApiClient;
  socket?: ClientSocket;
  private tokens: TokenPair | null = null;
  private wantsLogout = false;

  constructor(
    readonly credentials: Credentials,
    protected readonly load: Load,
  ) {
    this.api = createApiClient({
      baseUrl: load.options.apiUrl,
      getAccessToken: () => this.tokens?.accessToken ?? null,
      // Runs are far shorter than the access token's life; a refused token is a fact to record, not to hide.
      refreshAccessToken: async () => null,
      fetch: load.options.traffic.fetch,
    });
  }

  get name(): string {
    return `${this.credentials.role} ${this.credentials.phone.slice(-4)}`;
  }

  async signIn(): Promise<void> {
    const { role, phone, password } = this.credentials;
    while (!this.load.isStopped) {
      try {
        this.tokens = await this.api.auth.login({ role, phone, password });
        return;
      } catch (error) {
        if (!isRetryable(error)) this.load.options.log(`${this.name}: login refused (${String(error)})`);
        await sleep(1_000);
      }
    }
  }

  connect(onConnect: () => void): void {
    const socket: ClientSocket = io(this.load.options.apiUrl, {
      transports: ['websocket'],
      auth: (cb) => cb({ token: this.tokens?.accessToken }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
    });
    socket.on('connect', onConnect);
    this.socket = socket;
  }

  /** socket.io gives up after a refused handshake or a server-side close: try again, as the apps do. */
  keepSocketAlive(): void {
    if (this.socket && !this.socket.connected && !this.socket.active) this.socket.connect();
  }

  /** A POST the shared client has no method for yet; resolves the HTTP status, 0 without an answer. */
  async postRaw(path: string): Promise<number> {
    try {
      const response = await this.load.options.traffic.fetch(`${this.load.options.apiUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.tokens?.accessToken ?? ''}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0;
    }
  }

  requestLogout(): void {
    this.wantsLogout = true;
  }

  /**
   * Logs out, and once the api acknowledged it, uses the old access token again (it must be refused), then
   * signs in afresh. A logout that got no answer proves nothing, so only acknowledged ones are probed.
   */
  async logoutIfAsked(): Promise<void> {
    if (!this.wantsLogout || !this.tokens) return;
    this.wantsLogout = false;
    const old = this.tokens;
    try {
      await this.api.auth.logout(old.refreshToken);
    } catch {
      return;
    }
    this.tokens = null;
    this.load.revoked.push({ userId: this.credentials.userId, accessToken: old.accessToken });
    await this.load.probe({ userId: this.credentials.userId, accessToken: old.accessToken });
    await this.signIn();
    // The socket authenticated with the old token: the api dropped it; reconnect with the new one.
    this.socket?.disconnect().connect();
  }

  async tick(): Promise<void> {
    this.keepSocketAlive();
    await this.logoutIfAsked();
  }
}

class Driver extends Account {
  private ride: Ride | null = null;
  private readonly bidOn = new Set<string>();
  private readonly offered: string[] = [];
  /** Completed rides whose cash, if the customer declared it, this driver confirms having received. */
  private readonly toConfirm = new Map<string, number>();
  private ticks = 0;

  constructor(
    credentials: Credentials,
    load: Load,
    readonly home: { lat: number; lng: number },
  ) {
    super(credentials, load);
    this.at = home;
  }

  async start(): Promise<void> {
    await this.signIn();
    this.connect(() => {});
    this.socket?.on('ride:request', ({ ride }) => this.offered.push(ride.id));
    await this.goOnline();
  }

  private async goOnline(): Promise<void> {
    while (!this.load.isStopped) {
      try {
        await this.api.drivers.sendLocation(this.position());
        await this.api.drivers.setAvailability(true);
        return;
      } catch {
        await sleep(1_000);
      }
    }
  }

  /** Where the driver is: home between rides, then the pickup, then the dropoff (no road in between). */
  private at: { lat: number; lng: number };

  private position() {
    return {
      lat: this.at.lat + (Math.random() - 0.5) * 0.001,
      lng: this.at.lng + (Math.random() - 0.5) * 0.001,
    };
  }

  override async tick(): Promise<void> {
    await super.tick();
    this.ticks += 1;
    // Staying heard keeps the driver in dispatch (DRIVER_PRESENCE_TTL_MS).
    if (this.ticks % 3 === 0) await this.api.drivers.sendLocation(this.position()).catch(() => {});
    await this.confirmCash();
    if (this.ride) return this.advance(this.ride);
    if (this.ticks % 2 === 0 || this.offered.length > 0) await this.findWork();
  }

  private async findWork(): Promise<void> {
    this.offered.length = 0;
    try {
      const active = await this.api.rides.list({ status: [...ACTIVE_RIDE_STATUSES], limit: 1 });
      const mine = active.items[0];
      if (mine) {
        this.ride = mine;
        return;
      }
      if (this.load.isWindingDown) return;
      const available = await this.api.drivers.availableRides();
      for (const { ride, myBid } of available.items) {
        if (myBid || this.bidOn.has(ride.id) || ride.status !== 'PENDING_BIDS') continue;
        try {
          await this.api.bids.place(ride.id, { price: ride.priceEstimate, etaMinutes: 5 });
          this.bidOn.add(ride.id);
          this.load.counts.bids += 1;
        } catch (error) {
          // A 4xx (ride taken, closed) will not change by trying again; a timeout or 5xx might.
          if (!isRetryable(error)) this.bidOn.add(ride.id);
        }
      }
    } catch {
      // The next tick tries again.
    }
  }

  private async advance(ride: Ride): Promise<void> {
    const next = NEXT_STATUS[ride.status];
    if (!next) {
      this.ride = null;
      return;
    }
    try {
      // The api checks the driver is at the dropoff (TOO_FAR_FROM_DROPOFF): be there, and say so, first.
      const place =
        next === 'PICKUP_ARRIVED' ? ride.pickup : next === 'DROPOFF_ARRIVED' ? ride.dropoff : null;
      if (place) {
        this.at = { lat: place.lat, lng: place.lng };
        await this.api.drivers.sendLocation(this.position());
      }
      // One id per change: a retry after a lost answer replays instead of failing as a stale transition.
      this.ride = await this.api.rides.setStatus(ride.id, next, `chaos:${ride.id}:${next}`);
      if (next === 'COMPLETED') {
        this.load.counts.completed += 1;
        this.toConfirm.set(ride.id, Date.now() + CASH_CONFIRM_WINDOW_MS);
        this.ride = null;
        this.at = this.home;
      }
    } catch (error) {
      if (isRetryable(error)) return;
      // Cancelled or moved on meanwhile: read where it stands.
      try {
        const current = await this.api.rides.get(ride.id);
        this.ride =
          current.driverId === this.credentials.userId && NEXT_STATUS[current.status] ? current : null;
      } catch (readError) {
        if (!isRetryable(readError)) this.ride = null;
      }
    }
  }

  get isBusy(): boolean {
    return this.ride !== null;
  }

  /**
   * Declared cash waits for the driver's word (POST /api/rides/:id/payments/cash/confirm). The customer may
   * declare it a little after completion, or pay by wallet instead: keep asking for a while, then let go.
   */
  private async confirmCash(): Promise<void> {
    for (const [rideId, until] of this.toConfirm) {
      if (Date.now() > until) {
        this.toConfirm.delete(rideId);
        continue;
      }
      // The cash changes hands when the customer says they pay cash (a wallet payer hands over nothing).
      if (!this.load.cashDeclared.has(rideId)) continue;
      const status = await this.postRaw(`/api/rides/${rideId}/payments/cash/confirm`);
      if (status >= 200 && status < 300) {
        this.toConfirm.delete(rideId);
        this.load.record.cashConfirmedRideIds.push(rideId);
        this.load.counts.cashConfirmed += 1;
      }
    }
  }
}

const CASH_CONFIRM_WINDOW_MS = 30_000;

const NEXT_STATUS: Partial<Record<RideStatus, RideStatus>> = {
  BID_ACCEPTED: 'DRIVER_ARRIVING',
  DRIVER_ARRIVING: 'PICKUP_ARRIVED',
  PICKUP_ARRIVED: 'LOADING',
  LOADING: 'IN_TRANSIT',
  IN_TRANSIT: 'DROPOFF_ARRIVED',
  DROPOFF_ARRIVED: 'COMPLETED',
};

interface OpenRide {
  id: string;
  status: RideStatus;
  paymentKey?: string;
  paymentId?: string;
  method?: 'WALLET' | 'CASH';
  isDone: boolean;
  checkedAt: number;
}

class Customer extends Account {
  readonly rides = new Map<string, OpenRide>();
  private pendingPostKey: string | null = null;
  private posts = 0;

  constructor(
    credentials: Credentials,
    load: Load,
    private readonly near: () => { lat: number; lng: number },
  ) {
    super(credentials, load);
  }

  async start(): Promise<void> {
    await this.signIn();
    this.connect(() => {
      // A new connection (after a reset or an api restart) follows the open rides again.
      for (const ride of this.rides.values())
        if (!ride.isDone) this.socket?.emit('ride:join', { rideId: ride.id });
    });
    this.socket?.on('ride:status', ({ rideId, eventId, to }) => {
      const seen = this.load.record.socketEvents[rideId];
      if (seen) seen.push({ eventId, to } satisfies SeenEvent);
    });
  }

  get openCount(): number {
    // A post still unanswered may be a ride: it counts until the retry says which.
    return [...this.rides.values()].filter((r) => !r.isDone).length + (this.pendingPostKey ? 1 : 0);
  }

  override async tick(): Promise<void> {
    await super.tick();
    // A post whose answer was lost is retried even while winding down: the ride may exist, and its
    // customer must know it to see it through.
    const hasRoom = !this.load.isWindingDown && this.openCount < this.load.options.openRidesPerCustomer;
    if (hasRoom || this.pendingPostKey) await this.post();
    for (const ride of this.rides.values()) if (!ride.isDone) await this.follow(ride);
    if (!this.load.isWindingDown && Math.random() < this.load.options.logoutChance) this.requestLogout();
  }

  private async post(): Promise<void> {
    // The key outlives a lost answer: the retry finds the ride the first attempt created.
    this.pendingPostKey ??= randomUUID();
    const pickup = this.near();
    try {
      const ride = await this.api.rides.create(
        {
          pickup: { ...pickup, address: 'Chaos pickup' },
          dropoff: { lat: pickup.lat + 0.03, lng: pickup.lng + 0.02, address: 'Chaos drop-off' },
          vehicleType: 'SMALL_VAN',
          cargo: { description: 'Chaos cargo', weightKg: 100 + (this.posts % 5) * 50 },
        },
        this.pendingPostKey,
      );
      this.pendingPostKey = null;
      this.posts += 1;
      if (!this.rides.has(ride.id)) {
        this.load.record.postedRideIds.push(ride.id);
        this.load.record.socketEvents[ride.id] = [];
        this.rides.set(ride.id, { id: ride.id, status: ride.status, isDone: false, checkedAt: 0 });
        this.load.counts.posted += 1;
      }
      this.socket?.emit('ride:join', { rideId: ride.id });
    } catch (error) {
      if (!isRetryable(error)) {
        this.load.options.log(`${this.name}: post refused (${String(error)})`);
        this.pendingPostKey = null;
      }
    }
  }

  private async follow(open: OpenRide): Promise<void> {
    if (Date.now() - open.checkedAt < 1_500) return;
    open.checkedAt = Date.now();
    try {
      const ride = await this.api.rides.get(open.id);
      open.status = ride.status;
      switch (ride.status) {
        case 'PENDING_BIDS': {
          // Some customers change their mind, which rejects every bid in one go.
          if (Math.random() < 0.03) {
            await this.api.rides.cancel(open.id, 'Changed my mind (chaos run)');
            this.load.counts.cancelled += 1;
            return;
          }
          const bids = await this.api.bids.list(open.id);
          const bid = bids.items.find((b) => b.status === 'PENDING');
          if (bid) {
            await this.api.bids.accept(open.id, bid.id);
            this.load.counts.accepted += 1;
          }
          return;
        }
        case 'COMPLETED':
          return this.pay(open);
        case 'CANCELLED':
        case 'NO_DRIVERS_AVAILABLE':
          open.isDone = true;
          return;
        default:
          return;
      }
    } catch {
      // 409s (another bid won, already cancelled) and lost answers alike: read the ride again next time.
    }
  }

  private async pay(open: OpenRide): Promise<void> {
    if (!open.paymentId) {
      open.paymentKey ??= randomUUID();
      // Chosen once: a retry with the same key must send the same body.
      open.method ??= this.load.counts.payments % 2 === 0 ? 'WALLET' : 'CASH';
      const method = open.method;
      try {
        const payment = await this.api.payments.create(open.id, method, open.paymentKey);
        open.paymentId = payment.id;
        this.load.counts.payments += 1;
        // Declared cash is the driver's to confirm; the customer is done.
        if (method === 'CASH') {
          this.load.cashDeclared.add(open.id);
          open.isDone = true;
          return;
        }
      } catch (error) {
        if (!isRetryable(error)) {
          this.load.options.log(`${this.name}: payment of ${open.id} refused (${String(error)})`);
          open.isDone = true;
        }
        return;
      }
    }
    try {
      const payment = await this.api.payments.get(open.paymentId);
      if (payment.status !== 'PENDING') {
        open.isDone = true;
        if (payment.status === 'SUCCEEDED') this.load.counts.paid += 1;
      }
    } catch {
      // Read again on the next look.
    }
  }

  /** What GET /events gives back for each followed ride, read once the run is quiet. */
  async recoverEvents(): Promise<void> {
    for (const rideId of this.rides.keys()) {
      let recovered: ClientRecord['recoveredEvents'][string] = null;
      for (let attempt = 0; attempt < 5 && recovered === null; attempt++) {
        try {
          const all: { id: number; toStatus: RideStatus | null }[] = [];
          let after: number | undefined;
          for (;;) {
            const page = await this.api.rides.events(rideId, after);
            all.push(...page.items.map((e) => ({ id: e.id, toStatus: e.toStatus })));
            const last = page.items.at(-1);
            if (!page.nextCursor || !last) break;
            after = last.id;
          }
          recovered = all;
        } catch {
          await sleep(1_000);
        }
      }
      this.load.record.recoveredEvents[rideId] = recovered;
    }
  }
}

export interface LoadCounts {
  posted: number;
  bids: number;
  accepted: number;
  completed: number;
  cancelled: number;
  payments: number;
  paid: number;
  cashConfirmed: number;
  logouts: number;
}

/** The whole simulated marketplace: start it, let it run, wind it down (finish rides, post nothing new). */
export class Load {
  readonly record: ClientRecord = {
    postedRideIds: [],
    revokedProbes: [],
    socketEvents: {},
    recoveredEvents: {},
    cashConfirmedRideIds: [],
  };
  readonly counts: LoadCounts = {
    posted: 0,
    bids: 0,
    accepted: 0,
    completed: 0,
    cancelled: 0,
    payments: 0,
    paid: 0,
    cashConfirmed: 0,
    logouts: 0,
  };
  readonly revoked: { userId: string; accessToken: string }[] = [];
  /** Rides whose customer declared paying cash: their driver then confirms receiving it. */
  readonly cashDeclared = new Set<string>();
  isStopped = false;
  isWindingDown = false;
  private readonly drivers: Driver[] = [];
  private readonly customers: Customer[] = [];
  private loops: Promise<void>[] = [];

  constructor(readonly options: LoadOptions) {}

  async start(accounts: {
    drivers: (Credentials & { home: { lat: number; lng: number } })[];
    customers: Credentials[];
  }): Promise<void> {
    for (const d of accounts.drivers) this.drivers.push(new Driver(d, this, d.home));
    const homes = accounts.drivers.map((d) => d.home);
    for (const [i, c] of accounts.customers.entries())
      this.customers.push(
        new Customer(c, this, () => {
          const home = homes[(i + Math.floor(Math.random() * homes.length)) % homes.length] ?? {
            lat: 36.8,
            lng: 10.18,
          };
          return {
            lat: home.lat + (Math.random() - 0.5) * 0.02,
            lng: home.lng + (Math.random() - 0.5) * 0.02,
          };
        }),
      );
    await Promise.all([...this.drivers, ...this.customers].map((a) => a.start()));
    this.loops = [...this.drivers, ...this.customers].map((a) => this.run(a));
    this.loops.push(this.probeLoop());
  }

  private async run(account: Account): Promise<void> {
    while (!this.isStopped) {
      const started = Date.now();
      await account.tick().catch((error: unknown) => this.options.log(`${account.name}: ${String(error)}`));
      await sleep(Math.max(50, TICK_MS - (Date.now() - started)));
    }
  }

  /** Keeps trying logged-out tokens through the whole run, whatever is down at the time. */
  private async probeLoop(): Promise<void> {
    while (!this.isStopped) {
      await sleep(2_000);
      const pick = this.revoked[Math.floor(Math.random() * this.revoked.length)];
      if (pick) await this.probe(pick);
    }
  }

  async probe(token: { userId: string; accessToken: string }): Promise<void> {
    for (const path of ['/api/me', '/api/rides?limit=1']) {
      const probe: RevokedTokenProbe = {
        userId: token.userId,
        path,
        at: new Date().toISOString(),
        status: 0,
      };
      try {
        const response = await this.options.traffic.fetch(`${this.options.apiUrl}${path}`, {
          headers: { authorization: `Bearer ${token.accessToken}` },
        });
        probe.status = response.status;
        await response.body?.cancel();
      } catch {
        probe.status = 0;
      }
      this.record.revokedProbes.push(probe);
    }
    this.counts.logouts = this.revoked.length;
  }

  /** Rides still open anywhere (a customer's or a driver's). */
  get openRides(): number {
    return this.customers.reduce((n, c) => n + c.openCount, 0) + this.drivers.filter((d) => d.isBusy).length;
  }

  windDown(): void {
    this.isWindingDown = true;
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    await Promise.all(this.loops);
    await Promise.all(this.customers.map((c) => c.recoverEvents()));
    for (const a of [...this.drivers, ...this.customers]) a.socket?.close();
  }
}
