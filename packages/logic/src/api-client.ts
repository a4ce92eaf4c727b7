import type {
  AuthResponse,
  AvailableRide,
  Bid,
  BidAcceptance,
  BidWithDriver,
  CancelRideResponse,
  createRideSchema,
  Device,
  DriverLocation,
  DriverLocationReport,
  Earnings,
  ErrorCode,
  ErrorEnvelope,
  LoginRequest,
  OtpRequest,
  OtpVerify,
  Payment,
  PlaceBid,
  Plan,
  PriceEstimateResponse,
  RateRide,
  Rating,
  RegisterDevice,
  RegisterRequest,
  Ride,
  RideEvent,
  RidePaymentMethod,
  RideStatus,
  Subscription,
  TokenPair,
  UserProfile,
  VehicleType,
  Wallet,
  WalletTransaction,
} from '@truck4u/contracts';
import type { z } from 'zod';
import { ApiError, SESSION_ENDING_CODES } from './api-error';
import { newIdempotencyKey } from './idempotency';
import { createTrustApi } from './trust-api';

export type CreateRideInput = z.input<typeof createRideSchema>;
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
export interface CodeSent {
  sent: true;
  expiresInSeconds: number;
}

export interface ApiClientOptions {
  /** Where the api is: '' (same origin, through the web server) or an absolute URL. */
  baseUrl: string;
  /** The access token held in memory, or null when signed out. */
  getAccessToken: () => string | null;
  /**
   * Gets a new access token (web: the session route handler; mobile: POST /api/auth/refresh with the stored
   * refresh token) and stores it. Resolves null when the session cannot be renewed.
   */
  refreshAccessToken: () => Promise<string | null>;
  /** The session is over (revoked, deactivated, refresh refused): the app sends the user to sign in. */
  onSessionEnded?: (code: string) => void;
  fetch?: typeof fetch;
  /** Rewrites the api's signed file URLs (uploads, downloads) for a client that reaches the api through a proxy. */
  rewriteFileUrl?: (url: string) => string;
}

interface RequestOptions {
  body?: unknown;
  /** An array is sent as the parameter repeated (`stop=…&stop=…`). */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** Skip the Authorization header (login, register, public routes). */
  anonymous?: boolean;
  idempotencyKey?: string;
}

/**
 * The typed api client shared by web and mobile. Every call rejects with one `ApiError` carrying the contract's
 * error code. A 401 TOKEN_EXPIRED triggers one refresh shared by every call waiting at that moment (single
 * flight: a refresh token is single use, so two parallel refreshes would revoke the whole session), then each
 * call is retried once with the new token.
 */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<string | null> | null = null;

  function refreshOnce(): Promise<string | null> {
    if (!refreshing) {
      refreshing = options.refreshAccessToken().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  function buildUrl(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (Array.isArray(value)) for (const item of value) params.append(key, item);
      else if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return `${options.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async function send(method: string, path: string, opts: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (token && !opts.anonymous) headers.authorization = `Bearer ${token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    try {
      return await doFetch(buildUrl(path, opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch (error) {
      throw new ApiError('NETWORK_ERROR', error instanceof Error ? error.message : 'Network error', 0);
    }
  }

  async function toError(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    try {
      const envelope = JSON.parse(text) as ErrorEnvelope;
      if (envelope?.error?.code) {
        const { code, message, details, requestId } = envelope.error;
        return new ApiError(code, message, response.status, details, requestId);
      }
    } catch {
      // not JSON: falls through to a generic error
    }
    return new ApiError('UNEXPECTED_RESPONSE', text.slice(0, 200) || response.statusText, response.status);
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    let response = await send(method, path, opts, options.getAccessToken());
    if (response.status === 401 && !opts.anonymous) {
      const error = await toError(response);
      if (error.code !== 'TOKEN_EXPIRED') {
        if (SESSION_ENDING_CODES.has(error.code)) options.onSessionEnded?.(error.code);
        throw error;
      }
      const fresh = await refreshOnce();
      if (!fresh) {
        options.onSessionEnded?.('TOKEN_EXPIRED');
        throw error;
      }
      response = await send(method, path, opts, fresh);
    }
    if (!response.ok) {
      const error = await toError(response);
      if (!opts.anonymous && SESSION_ENDING_CODES.has(error.code)) options.onSessionEnded?.(error.code);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  return {
    request,
    ...createTrustApi(request, { fetch: doFetch, rewriteFileUrl: options.rewriteFileUrl }),
    auth: {
      register: (body: RegisterRequest) =>
        request<AuthResponse>('POST', '/api/auth/register', { body, anonymous: true }),
      login: (body: LoginRequest) =>
        request<AuthResponse>('POST', '/api/auth/login', { body, anonymous: true }),
      requestOtp: (body: OtpRequest) =>
        request<CodeSent>('POST', '/api/auth/otp/request', { body, anonymous: true }),
      verifyOtp: (body: OtpVerify) =>
        request<AuthResponse>('POST', '/api/auth/otp/verify', { body, anonymous: true }),
      refresh: (refreshToken: string) =>
        request<TokenPair>('POST', '/api/auth/refresh', { body: { refreshToken }, anonymous: true }),
      logout: (refreshToken?: string) =>
        request<void>('POST', '/api/auth/logout', { body: refreshToken ? { refreshToken } : {} }),
      logoutAll: () => request<void>('POST', '/api/auth/logout-all', { body: {} }),
    },
    me: () => request<UserProfile>('GET', '/api/me'),
    pricing: {
      estimate: (q: {
        pickup: { lat: number; lng: number };
        dropoff: { lat: number; lng: number };
        vehicleType: VehicleType;
        loadAssistance?: boolean;
        /** Stops between pickup and dropoff, in order: the whole route is priced. */
        stops?: ReadonlyArray<{ lat: number; lng: number }>;
      }) =>
        request<PriceEstimateResponse>('GET', '/api/pricing/estimate', {
          anonymous: true,
          query: {
            pickupLat: q.pickup.lat,
            pickupLng: q.pickup.lng,
            dropoffLat: q.dropoff.lat,
            dropoffLng: q.dropoff.lng,
            vehicleType: q.vehicleType,
            loadAssistance: q.loadAssistance ?? false,
            stop: q.stops?.map((s) => `${s.lat},${s.lng}`),
          },
        }),
    },
    rides: {
      /** `idempotencyKey`: made once when the customer presses "post", reused if the call is retried. */
      create: (body: CreateRideInput, idempotencyKey: string = newIdempotencyKey()) =>
        request<Ride>('POST', '/api/rides', { body, idempotencyKey }),
      list: (q: { status?: RideStatus[]; cursor?: string; limit?: number } = {}) =>
        request<Page<Ride>>('GET', '/api/rides', {
          query: { status: q.status?.join(','), cursor: q.cursor, limit: q.limit },
        }),
      get: (id: string) => request<Ride>('GET', `/api/rides/${encodeURIComponent(id)}`),
      events: (id: string, after?: number) =>
        request<Page<RideEvent>>('GET', `/api/rides/${encodeURIComponent(id)}/events`, {
          query: { after, limit: 500 },
        }),
      cancel: (id: string, reason?: string) =>
        request<CancelRideResponse>('POST', `/api/rides/${encodeURIComponent(id)}/cancel`, {
          body: reason ? { reason } : {},
        }),
      retryDispatch: (id: string) =>
        request<Ride>('POST', `/api/rides/${encodeURIComponent(id)}/retry-dispatch`, { body: {} }),
      /** `clientEventId`: made once per change; a replay with it answers the current ride (offline-queue.ts). */
      setStatus: (id: string, status: RideStatus, clientEventId?: string) =>
        request<Ride>('PATCH', `/api/rides/${encodeURIComponent(id)}/status`, {
          body: clientEventId ? { status, clientEventId } : { status },
        }),
      rate: (id: string, body: RateRide) =>
        request<Rating>('POST', `/api/rides/${encodeURIComponent(id)}/rating`, { body }),
    },
    bids: {
      list: (rideId: string) =>
        request<Page<BidWithDriver>>('GET', `/api/rides/${encodeURIComponent(rideId)}/bids`),
      place: (rideId: string, body: PlaceBid) =>
        request<Bid>('POST', `/api/rides/${encodeURIComponent(rideId)}/bids`, { body }),
      accept: (rideId: string, bidId: string) =>
        request<BidAcceptance>(
          'POST',
          `/api/rides/${encodeURIComponent(rideId)}/bids/${encodeURIComponent(bidId)}/accept`,
          { body: {} },
        ),
    },
    drivers: {
      setAvailability: (online: boolean) =>
        request<{ online: boolean }>('PATCH', '/api/drivers/me/availability', { body: { online } }),
      /** With `recordedAt` (a replayed fix), one older than the newest the api knows answers `stale: true`. */
      sendLocation: (location: DriverLocation | DriverLocationReport) =>
        request<{ at: string; activeRideId: string | null; stale?: boolean }>(
          'POST',
          '/api/drivers/me/location',
          { body: location },
        ),
      availableRides: () => request<Page<AvailableRide>>('GET', '/api/drivers/me/rides/available'),
      earnings: () => request<Earnings>('GET', '/api/drivers/me/earnings'),
    },
    devices: {
      /** Push notifications to this phone while the user has no live socket. */
      register: (body: RegisterDevice) => request<Device>('POST', '/api/me/devices', { body }),
      unregister: (token: string) => request<void>('DELETE', `/api/me/devices/${encodeURIComponent(token)}`),
    },
    wallet: {
      get: () => request<Wallet>('GET', '/api/wallet'),
      transactions: (cursor?: number) =>
        request<Page<WalletTransaction>>('GET', '/api/wallet/transactions', { query: { cursor } }),
      topUp: (amount: number, idempotencyKey: string = newIdempotencyKey()) =>
        request<Payment>('POST', '/api/wallet/top-ups', { body: { amount }, idempotencyKey }),
    },
    payments: {
      /** `idempotencyKey`: one per press of "pay"; the same key never charges twice. */
      create: (rideId: string, method: RidePaymentMethod, idempotencyKey: string = newIdempotencyKey()) =>
        request<Payment>('POST', '/api/payments', { body: { rideId, method }, idempotencyKey }),
      get: (id: string) => request<Payment>('GET', `/api/payments/${encodeURIComponent(id)}`),
    },
    subscriptions: {
      plans: () => request<{ items: Plan[] }>('GET', '/api/subscriptions/plans'),
      mine: () => request<Subscription>('GET', '/api/subscriptions/me'),
      subscribe: (planCode: Plan['code']) =>
        request<Subscription>('POST', '/api/subscriptions', { body: { planCode } }),
      invoiceHtml: (month: string) => request<string>('GET', `/api/invoices/${encodeURIComponent(month)}`),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
export type { ErrorCode };
