import { randomUUID } from 'node:crypto';
import {
  ACTIVE_RIDE_STATUSES,
  type ClientToServerEvents,
  type Payment,
  type Ride,
  type RideStatus,
  type ServerToClientEvents,
  type TokenPair,
} from '@truck4u/contracts';
import { type ApiClient, ApiError, createApiClient, isApiError } from '@truck4u/logic';
import { io, type Socket } from 'socket.io-client';
import type { ChatRecord, ClientRecord, RevokedTokenProbe, SeenEvent } from './chaos-invariants';

/**
 * Simulated customers and drivers for the chaos run, on the shared api client (packages/logic) the apps use.
 * Each account runs one sequential loop (socket handlers only note what arrived), so its own requests never
 * race each other and a logout is never overtaken by a request still using the old token. Every write is
 * retried with the same Idempotency-Key / clientEventId after a timeout or a 5xx, as the apps do: the run
 * checks that a retry never does a thing twice. What the clients saw goes into a ClientRecord for the checker.
 * Payments and top-ups by Flouci are paid on the Flouci stand-in's page and their webhook delivered again, SMS
 * codes are read from the SMS stand-in (chaos-providers.ts), and both parties of a ride chat while it runs.
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
  /** For 5xx answers only: which route, so a 500 can be found in the logs. */
  path?: string;
}

/** Every request the clients made, for "requests served" and latency percentiles. */
/**
 * The api's answer: its status and error code, or status 0 when no api instance answered. nginx says that
 * with a 502 or 504 of its own (an instance killed mid-request, every upstream refusing), which carries no
 * error envelope; the TCP balancer says it by resetting the connection.
 */
async function answerOfApi(response: Response): Promise<{ status: number; errorCode: string | null }> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  const errorCode = body?.error?.code ?? null;
  const isBalancerAnswer = (response.status === 502 || response.status === 504) && errorCode === null;
  return { status: isBalancerAnswer ? 0 : response.status, errorCode };
}

export class Traffic {
  readonly samples: Sample[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    const at = Date.now();
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const sample: Sample = { at, ms: performance.now() - started, status: response.status };
      if (response.status >= 500) {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
        // Ids out, so the same route adds up.
        sample.path = `${init?.method ?? 'GET'} ${url.pathname.replace(/[0-9a-f-]{36}/g, ':id')}`;
      }
      this.samples.push(sample);
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
  /** Chance per customer tick of starting a wallet top-up through Flouci (one at a time). */
  topUpChance: number;
  providers: ProviderHooks;
}

/** What the load does at the providers' end (chaos-providers.ts): pay on Flouci's page, read an SMS. */
export interface ProviderHooks {
  /** The customer presses "Pay" on Flouci's page; Flouci then sends its webhook (once, lost if it fails). */
  payAtFlouci(flouciPaymentId: string): Promise<void>;
  /** The SMS the provider received for a phone, oldest first. */
  smsTo(phone: string): { body: string; createdAt: string }[];
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

  /** A request the shared client has no method for here: the status (0 without an answer) and the JSON body. */
  async requestJson(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    try {
      const response = await this.load.options.traffic.fetch(`${this.load.options.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.tokens?.accessToken ?? ''}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    } catch {
      return { status: 0, json: null };
    }
  }

  /**
   * Signs in with a code sent by SMS (as the apps' "log in by SMS" does), falling back to the password after a
   * few refusals. Every request and its answer is recorded: an SMS outage must answer 503, and a 200 means the
   * code reached the provider.
   */
  async signInWithOtp(): Promise<void> {
    const { role, phone } = this.credentials;
    for (let attempt = 0; attempt < 8 && !this.load.isStopped; attempt++) {
      const at = new Date();
      const sent = await this.load.requestOtp(role, phone);
      if (sent < 200 || sent >= 300) {
        await sleep(1_000);
        continue;
      }
      const code = await this.load.codeFor(phone, at);
      if (!code) continue;
      try {
        this.tokens = await this.api.auth.verifyOtp({ role, phone, code });
        this.load.counts.otpLogins += 1;
        return;
      } catch {
        await sleep(500);
      }
    }
    await this.signIn();
  }

  /** A phone to push to when the app has no live socket. */
  async registerDevice(): Promise<void> {
    const token = `ExponentPushToken[chaos-${this.credentials.userId}]`;
    for (let attempt = 0; attempt < 10 && !this.load.isStopped; attempt++) {
      try {
        await this.api.devices.register({ token, platform: 'android' });
        return;
      } catch {
        await sleep(1_000);
      }
    }
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

  private readonly pendingChat = new Map<string, string>();

  /**
   * Sends one chat message on a ride. The POST takes no Idempotency-Key, so only a definite refusal (503, 429)
   * is sent again, after checking the history for it; a send with no answer may still be stored later (a
   * paused api holds it), so it is let go: sending it again could show it twice.
   */
  protected async chat(rideId: string, party: 'customer' | 'driver'): Promise<void> {
    const record = this.load.chatOf(rideId);
    const pending = this.pendingChat.get(rideId);
    const text = pending ?? `chaos ${party} ${randomUUID()}`;
    if (pending) {
      const history = await this.readChat(rideId);
      if (history === null) return;
      const found = history.find((m) => m.text === text);
      if (found) {
        record.acked.push({ id: found.id, text });
        this.pendingChat.delete(rideId);
        return;
      }
    }
    const { status, json } = await this.requestJson('POST', `/api/rides/${rideId}/messages`, { text });
    if (status === 201 && json && typeof json === 'object' && 'id' in json) {
      record.acked.push({ id: Number(json.id), text });
      this.pendingChat.delete(rideId);
      this.load.counts.chatSent += 1;
      return;
    }
    if (status === 503 || status === 429) {
      this.pendingChat.set(rideId, text);
      return;
    }
    this.pendingChat.delete(rideId);
    if (status === 0 || status >= 500) this.load.counts.chatUnanswered += 1;
  }

  /** The whole chat of a ride as this party sees it; null without an answer. */
  async readChat(rideId: string): Promise<{ id: number; text: string | null }[] | null> {
    const all: { id: number; text: string | null }[] = [];
    let after: number | undefined;
    for (;;) {
      const query = after === undefined ? '' : `?after=${after}`;
      const { status, json } = await this.requestJson('GET', `/api/rides/${rideId}/messages${query}`);
      if (status !== 200 || !json || typeof json !== 'object') return null;
      const page = json as { items: { id: number; text: string | null }[]; nextCursor?: string };
      all.push(...page.items.map((m) => ({ id: m.id, text: m.text })));
      const last = page.items.at(-1);
      if (!page.nextCursor || !last) return all;
      after = last.id;
    }
  }

  /** Reads back the chat of every ride in `rideIds` someone chatted on, for the checker. */
  async recoverChats(rideIds: Iterable<string>, party: 'customer' | 'driver'): Promise<void> {
    for (const rideId of rideIds) {
      const record = this.load.record.chat[rideId];
      if (!record) continue;
      let history: Awaited<ReturnType<Account['readChat']>> = null;
      for (let attempt = 0; attempt < 5 && history === null; attempt++) {
        history = await this.readChat(rideId);
        if (history === null) await sleep(1_000);
      }
      record.histories[party] = history;
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
    // Every other sign-in goes by SMS, so codes are asked for under whatever faults are active.
    if (this.credentials.role === 'customer' && this.load.revoked.length % 2 === 0)
      await this.signInWithOtp();
    else await this.signIn();
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
  /** Every ride this driver was assigned, for reading its chat back at the end. */
  readonly drove = new Set<string>();
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
    await this.registerDevice();
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
    this.drove.add(ride.id);
    if (this.ticks % 3 === 0) await this.chat(ride.id, 'driver');
    try {
      // The api checks the driver is at the dropoff (TOO_FAR_FROM_DROPOFF): be there, and say so, first.
      const place =
        next === 'PICKUP_ARRIVED' ? ride.pickup : next === 'DROPOFF_ARRIVED' ? ride.dropoff : null;
      if (place) {
        this.at = { lat: place.lat, lng: place.lng };
        await this.api.drivers.sendLocation(this.position());
      }
      // A ride with a recipient completes with the code texted to them (the recipient reads it out). Until
      // it arrives (the provider is down and the api retries the SMS) the driver waits at the door.
      const recipient = next === 'COMPLETED' ? this.load.recipients.get(ride.id) : undefined;
      let deliveryCode: string | undefined;
      if (recipient) {
        const sms = this.load.options.providers
          .smsTo(recipient)
          .filter((m) => m.body.includes('Delivery code'));
        deliveryCode = /\b(\d{6})\b/.exec(sms.at(-1)?.body ?? '')?.[1];
        if (!deliveryCode) return;
      }
      // One id per change: a retry after a lost answer replays instead of failing as a stale transition.
      this.ride = await this.setStatus(ride.id, next, deliveryCode);
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

  /** PATCH /status through the shared client, with the delivery code when there is one. */
  private async setStatus(rideId: string, status: RideStatus, deliveryCode?: string): Promise<Ride> {
    const clientEventId = `chaos:${rideId}:${status}`;
    if (!deliveryCode) return this.api.rides.setStatus(rideId, status, clientEventId);
    const { status: http, json } = await this.requestJson('PATCH', `/api/rides/${rideId}/status`, {
      status,
      clientEventId,
      deliveryCode,
    });
    if (http === 200) return json as Ride;
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError((error?.code ?? 'NETWORK_ERROR') as never, error?.message ?? 'no answer', http);
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

const PAYMENT_METHODS = ['WALLET', 'CASH', 'FLOUCI'] as const;

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
  method?: 'WALLET' | 'CASH' | 'FLOUCI';
  /** Flouci payments refused (Flouci unreachable: FAILED, a new key next time). */
  flouciAttempts: number;
  isDone: boolean;
  checkedAt: number;
}

/** A wallet top-up in progress: asked for, paid on Flouci's page, then waited for until decided. */
interface OpenTopUp {
  key: string;
  amount: number;
  attempts: number;
  paymentId?: string;
}

const FLOUCI_ATTEMPTS = 8;

class Customer extends Account {
  readonly rides = new Map<string, OpenRide>();
  private pendingPostKey: string | null = null;
  /** Who receives the goods of the post in progress (every third ride has a recipient, who gets a code). */
  private pendingRecipient: string | null = null;
  private posts = 0;
  private topUp: OpenTopUp | null = null;

  constructor(
    credentials: Credentials,
    load: Load,
    private readonly near: () => { lat: number; lng: number },
    /** False: the app is in the background (no socket), so every step of its rides goes out by push. */
    private readonly hasSocket: boolean,
  ) {
    super(credentials, load);
  }

  async start(): Promise<void> {
    await this.signInWithOtp();
    await this.registerDevice();
    if (!this.hasSocket) return;
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
    return (
      [...this.rides.values()].filter((r) => !r.isDone).length +
      (this.pendingPostKey ? 1 : 0) +
      (this.topUp ? 1 : 0)
    );
  }

  override async tick(): Promise<void> {
    await super.tick();
    // A post whose answer was lost is retried even while winding down: the ride may exist, and its
    // customer must know it to see it through.
    const hasRoom = !this.load.isWindingDown && this.openCount < this.load.options.openRidesPerCustomer;
    if (hasRoom || this.pendingPostKey) await this.post();
    for (const ride of this.rides.values()) if (!ride.isDone) await this.follow(ride);
    if (!this.topUp && !this.load.isWindingDown && Math.random() < this.load.options.topUpChance)
      this.topUp = { key: randomUUID(), amount: 1_000 * (5 + Math.floor(Math.random() * 50)), attempts: 0 };
    if (this.topUp) await this.advanceTopUp(this.topUp);
    if (!this.load.isWindingDown && Math.random() < this.load.options.logoutChance) this.requestLogout();
  }

  /** POST /api/wallet/top-ups, pay on Flouci's page, then read it until Flouci's answer is in. */
  private async advanceTopUp(topUp: OpenTopUp): Promise<void> {
    try {
      if (!topUp.paymentId) {
        const payment = await this.api.wallet.topUp(topUp.amount, topUp.key);
        if (payment.status === 'FAILED') return this.retryTopUp(topUp);
        topUp.paymentId = payment.id;
        await this.load.payAtFlouci(payment, 'TOP_UP');
        return;
      }
      const payment = await this.api.payments.get(topUp.paymentId);
      if (payment.status === 'PENDING') return;
      if (payment.status === 'SUCCEEDED') this.load.counts.topUps += 1;
      this.topUp = null;
    } catch (error) {
      // 503: Flouci was out of reach and the top-up is FAILED; the same key replays that, so a new one.
      if (!topUp.paymentId && statusOf(error) === 503) return this.retryTopUp(topUp);
      if (!isRetryable(error)) {
        this.load.options.log(`${this.name}: top-up refused (${String(error)})`);
        this.topUp = null;
      }
    }
  }

  private retryTopUp(topUp: OpenTopUp): void {
    topUp.attempts += 1;
    topUp.key = randomUUID();
    if (topUp.attempts >= FLOUCI_ATTEMPTS) this.topUp = null;
  }

  private async post(): Promise<void> {
    // The key outlives a lost answer: the retry finds the ride the first attempt created (and the same body).
    if (!this.pendingPostKey) {
      this.pendingPostKey = randomUUID();
      this.pendingRecipient =
        this.posts % 3 === 0 ? `+2169${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` : null;
    }
    const pickup = this.near();
    try {
      const ride = await this.api.rides.create(
        {
          pickup: { ...pickup, address: 'Chaos pickup' },
          dropoff: { lat: pickup.lat + 0.03, lng: pickup.lng + 0.02, address: 'Chaos drop-off' },
          vehicleType: 'SMALL_VAN',
          cargo: { description: 'Chaos cargo', weightKg: 100 + (this.posts % 5) * 50 },
          ...(this.pendingRecipient
            ? { recipient: { name: 'Chaos recipient', phone: this.pendingRecipient } }
            : {}),
        },
        this.pendingPostKey,
      );
      if (this.pendingRecipient) this.load.recipients.set(ride.id, this.pendingRecipient);
      this.pendingRecipient = null;
      this.pendingPostKey = null;
      this.posts += 1;
      if (!this.rides.has(ride.id)) {
        this.load.record.postedRideIds.push(ride.id);
        this.load.record.socketEvents[ride.id] = [];
        this.rides.set(ride.id, {
          id: ride.id,
          status: ride.status,
          isDone: false,
          checkedAt: 0,
          flouciAttempts: 0,
        });
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
          // An active ride: now and then a word to the driver.
          if (Math.random() < 0.35) await this.chat(open.id, 'customer');
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
      open.method ??= PAYMENT_METHODS[this.load.paymentTurn++ % PAYMENT_METHODS.length];
      const method = open.method ?? 'WALLET';
      try {
        const payment = await this.api.payments.create(open.id, method, open.paymentKey);
        if (method === 'FLOUCI' && payment.status === 'FAILED') return this.retryFlouci(open);
        open.paymentId = payment.id;
        this.load.counts.payments += 1;
        if (method === 'FLOUCI') {
          await this.load.payAtFlouci(payment, 'RIDE');
          return;
        }
        // Declared cash is the driver's to confirm; the customer is done.
        if (method === 'CASH') {
          this.load.cashDeclared.add(open.id);
          open.isDone = true;
          return;
        }
      } catch (error) {
        // 503 with Flouci out of reach: the payment is FAILED and its key replays that; try a new one.
        if (method === 'FLOUCI' && statusOf(error) === 503) return this.retryFlouci(open);
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
        if (payment.status === 'SUCCEEDED' && payment.method === 'FLOUCI') this.load.counts.flouciPaid += 1;
      }
    } catch {
      // Read again on the next look.
    }
  }

  private retryFlouci(open: OpenRide): void {
    open.flouciAttempts += 1;
    open.paymentKey = randomUUID();
    // Flouci refused every time: the ride stays unpaid, which is the customer's to sort out later.
    if (open.flouciAttempts >= FLOUCI_ATTEMPTS) open.isDone = true;
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
  flouciPaid: number;
  topUps: number;
  webhookReplays: number;
  otpRequests: number;
  otpLogins: number;
  chatSent: number;
  chatUnanswered: number;
}

/** The whole simulated marketplace: start it, let it run, wind it down (finish rides, post nothing new). */
export class Load {
  readonly record: ClientRecord = {
    postedRideIds: [],
    revokedProbes: [],
    socketEvents: {},
    recoveredEvents: {},
    cashConfirmedRideIds: [],
    flouciPaid: [],
    webhookReplays: [],
    otpRequests: [],
    smsDelivered: [],
    smsHangs: [],
    chat: {},
    internalErrors: [],
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
    flouciPaid: 0,
    topUps: 0,
    webhookReplays: 0,
    otpRequests: 0,
    otpLogins: 0,
    chatSent: 0,
    chatUnanswered: 0,
  };
  readonly revoked: { userId: string; accessToken: string }[] = [];
  /** Rides whose customer declared paying cash: their driver then confirms receiving it. */
  readonly cashDeclared = new Set<string>();
  /** Rides posted with a recipient: the recipient's phone, where the delivery code is texted. */
  readonly recipients = new Map<string, string>();
  /** Ride payments go WALLET, CASH, FLOUCI in turn across customers. */
  paymentTurn = 0;
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
        new Customer(
          c,
          this,
          () => {
            const home = homes[(i + Math.floor(Math.random() * homes.length)) % homes.length] ?? {
              lat: 36.8,
              lng: 10.18,
            };
            return {
              lat: home.lat + (Math.random() - 0.5) * 0.02,
              lng: home.lng + (Math.random() - 0.5) * 0.02,
            };
          },
          i !== 0,
        ),
      );
    await Promise.all([...this.drivers, ...this.customers].map((a) => a.start()));
    this.loops = [...this.drivers, ...this.customers].map((a) => this.run(a));
    this.loops.push(this.probeLoop(), this.otpLoop());
  }

  /** Flouci's page and webhook: pays, then delivers the webhook twice more at once, as Flouci's retries may. */
  async payAtFlouci(payment: Payment, purpose: 'RIDE' | 'TOP_UP'): Promise<void> {
    const flouciId = payment.redirectUrl
      ? new URL(payment.redirectUrl).pathname.split('/').at(-1)
      : undefined;
    if (!flouciId || payment.status !== 'PENDING') return;
    await this.options.providers.payAtFlouci(flouciId);
    this.record.flouciPaid.push({ paymentId: payment.id, purpose, amount: payment.amount });
    const replay = async () => {
      let status = 0;
      try {
        const response = await this.options.traffic.fetch(
          `${this.options.apiUrl}/api/payments/flouci/webhook`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ payment_id: flouciId }),
          },
        );
        status = (await answerOfApi(response)).status;
      } catch {
        status = 0;
      }
      this.record.webhookReplays.push({ paymentId: payment.id, status });
      this.counts.webhookReplays += 1;
    };
    await Promise.all([replay(), replay()]);
  }

  /** POST /api/auth/otp/request, recorded with its answer; resolves the status (0 without an answer). */
  async requestOtp(role: 'customer' | 'driver', phone: string): Promise<number> {
    const at = new Date().toISOString();
    let status = 0;
    let errorCode: string | null = null;
    try {
      const response = await this.options.traffic.fetch(`${this.options.apiUrl}/api/auth/otp/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, phone }),
      });
      ({ status, errorCode } = await answerOfApi(response));
    } catch {
      status = 0;
    }
    this.record.otpRequests.push({ phone, at, status, errorCode });
    this.counts.otpRequests += 1;
    return status;
  }

  /** The code in the newest SMS to `phone` sent after `since`, waiting a little for it. */
  async codeFor(phone: string, since: Date): Promise<string | null> {
    for (let i = 0; i < 20; i++) {
      const message = this.options.providers
        .smsTo(phone)
        .filter((m) => new Date(m.createdAt).getTime() >= since.getTime() - 1_000)
        .at(-1);
      const code = message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
      if (code) return code;
      await sleep(250);
    }
    return null;
  }

  /**
   * Codes asked for the drivers' phones all through the run (drivers sign in by password, so a newer code
   * retires nothing anyone waits for): SMS faults meet OTP requests often enough to be seen.
   */
  private async otpLoop(): Promise<void> {
    while (!this.isStopped) {
      await sleep(3_000);
      if (this.isWindingDown) continue;
      const driver = this.drivers[Math.floor(Math.random() * this.drivers.length)];
      if (driver) await this.requestOtp('driver', driver.credentials.phone);
    }
  }

  chatOf(rideId: string): ChatRecord {
    this.record.chat[rideId] ??= { acked: [], histories: {} };
    return this.record.chat[rideId];
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
    await Promise.all([
      ...this.customers.map((c) => c.recoverChats(c.rides.keys(), 'customer')),
      ...this.drivers.map((d) => d.recoverChats(d.drove, 'driver')),
    ]);
    for (const a of [...this.drivers, ...this.customers]) a.socket?.close();
  }
}
