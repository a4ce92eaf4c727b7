import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICING_TABLE, pricingTableSchema } from '@truck4u/contracts';
import { z } from 'zod';

/** Secrets that appear in .env.example or docs; production must never run with one of them. */
const EXAMPLE_SECRETS = new Set([
  'dev-only-secret-change-me-dev-only-secret-change-me',
  'change-me',
  'secret',
  'changeme',
]);

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const intFromEnv = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Loopback unless told otherwise: set `HOST=0.0.0.0` (or an address) to serve other machines. */
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: intFromEnv(3000).pipe(z.number().max(65_535)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty`: one readable line per event (the default in development); `json`: one JSON object per line. */
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    /** When set, `/metrics` requires `Authorization: Bearer <METRICS_TOKEN>`; unset, it answers loopback only. */
    METRICS_TOKEN: z.string().min(16).optional(),
    TRUST_PROXY: booleanFromEnv.default(false),
    FRONTEND_URL: z.url().default('http://localhost:3001'),
    /**
     * More browser origins allowed to call the api and open its socket, comma-separated (the mobile web
     * export on its own origin, a preview); each is reduced to its origin. Unset: FRONTEND_URL only.
     */
    CORS_EXTRA_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be http(s) URLs, comma-separated' }))),
    PUBLIC_API_URL: z.url().default('http://localhost:3000'),

    DATABASE_URL: z.string().startsWith('postgres').default('postgres://postgres@127.0.0.1:5432/truck4u'),
    DATABASE_POOL_MAX: intFromEnv(10, 1),
    REDIS_URL: z.string().startsWith('redis').default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().default(''),

    JWT_SECRET: z.string().min(1).default('dev-only-secret-change-me-dev-only-secret-change-me'),
    JWT_ISSUER: z.string().default('truck4u-api'),
    JWT_AUDIENCE: z.string().default('truck4u'),
    ACCESS_TOKEN_TTL_SECONDS: intFromEnv(900, 10),
    REFRESH_TOKEN_TTL_SECONDS: intFromEnv(7 * 24 * 3600, 60),
    OTP_SECRET: z.string().min(1).optional(),

    OTP_TTL_SECONDS: intFromEnv(300, 10),
    OTP_MAX_ATTEMPTS: intFromEnv(5, 1),
    OTP_RESEND_COOLDOWN_SECONDS: intFromEnv(60, 0),
    SMS_LIMIT_PER_PHONE_PER_HOUR: intFromEnv(5, 1),
    SMS_LIMIT_PER_IP_PER_HOUR: intFromEnv(20, 1),
    SMS_LIMIT_GLOBAL_PER_HOUR: intFromEnv(2_000, 1),
    OTP_VERIFY_LIMIT_PER_IP_PER_HOUR: intFromEnv(60, 1),
    LOGIN_FAILURES_PER_PHONE: intFromEnv(5, 1),
    LOGIN_FAILURES_PER_IP: intFromEnv(50, 1),
    LOGIN_FAILURE_WINDOW_SECONDS: intFromEnv(900, 1),
    /** Rides one customer may post per hour (idempotent replays do not count). */
    RIDE_POST_LIMIT_PER_HOUR: intFromEnv(30, 1),
    /** Chat messages one user may send per minute, over all their rides. */
    CHAT_MESSAGES_PER_MINUTE: intFromEnv(20, 1),
    /** Uploads (POST /api/uploads) one user may start per hour. */
    UPLOAD_LIMIT_PER_HOUR: intFromEnv(100, 1),

    SMS_PROVIDER: z.enum(['twilio']).default('twilio'),
    TWILIO_BASE_URL: z.url().default('http://127.0.0.1:4010'),
    TWILIO_ACCOUNT_SID: z.string().min(1).default('ACdev00000000000000000000000000000'),
    TWILIO_AUTH_TOKEN: z.string().min(1).default('dev-auth-token'),
    TWILIO_FROM: z.string().min(1).default('+21670000000'),
    SMS_TIMEOUT_MS: intFromEnv(5_000, 100),

    /** Expo's push service (https://exp.host in production); the loopback stand-in listens here in development. */
    EXPO_PUSH_BASE_URL: z.url().default('http://127.0.0.1:4030'),
    /** Expo's "enhanced push security" access token, when the project turned it on. */
    EXPO_PUSH_ACCESS_TOKEN: z.string().min(1).optional(),
    PUSH_TIMEOUT_MS: intFromEnv(5_000, 100),
    /** How long the api waits for every instance to say whether a user has a live socket before pushing anyway. */
    PUSH_PRESENCE_TIMEOUT_MS: intFromEnv(1_000, 10),

    FLOUCI_BASE_URL: z.url().default('http://127.0.0.1:4020'),
    FLOUCI_APP_TOKEN: z.string().min(1).default('dev-flouci-app-token'),
    FLOUCI_APP_SECRET: z.string().min(1).default('dev-flouci-app-secret'),
    FLOUCI_TIMEOUT_MS: intFromEnv(10_000, 100),
    /** Test-only: the settlement job waits this long inside its transaction, so a test can kill the worker mid-way. */
    PAYMENT_SETTLE_DELAY_MS: intFromEnv(0, 0),
    PAYMENT_SWEEP_EVERY_MS: intFromEnv(60_000, 1_000),
    /** A declared cash payment the driver has not confirmed this long after the ride ended is flagged for admins. */
    CASH_CONFIRM_WINDOW_MS: intFromEnv(86_400_000, 1),
    /** Commission a driver may owe on cash rides before cash rides are refused (admins override per driver). */
    CASH_COMMISSION_CAP_MILLIMES: intFromEnv(50_000, 0),
    /** How long a worker's claim on a job lasts without renewal: a killed worker's jobs run again after ~2×. */
    WORKER_LOCK_DURATION_MS: intFromEnv(30_000, 1_000),
    /** The worker's /metrics and /health/* port; 0 turns that server off. Unset: 9465, or 0 under NODE_ENV=test. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),

    DRIVER_MIN_BALANCE_MILLIMES: z.coerce.number().int().max(0).default(-50_000),
    /** JSON of the whole tariff (see DEFAULT_PRICING_TABLE in packages/contracts/src/pricing.ts). */
    PRICING_TABLE: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw.trim() === '') return DEFAULT_PRICING_TABLE;
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(pricingTableSchema),
    /** Similar accepted rides needed for a history price band; fewer and the band is the tariff's (docs/PRICING.md). */
    PRICE_BAND_MIN_SAMPLES: intFromEnv(10, 1),
    CANCELLATION_GRACE_MS: intFromEnv(300_000, 0),
    CANCELLATION_FEE_MILLIMES: intFromEnv(5_000, 0),
    DRIVER_STRIKE_LIMIT: intFromEnv(3, 1),
    DRIVER_STRIKE_WINDOW_DAYS: intFromEnv(30, 1),
    SUBSCRIPTION_GRACE_DAYS: intFromEnv(3, 0),
    SUBSCRIPTION_REMINDER_DAYS: intFromEnv(3, 0),
    SUBSCRIPTION_SWEEP_EVERY_MS: intFromEnv(3_600_000, 1_000),
    DOCUMENT_SWEEP_EVERY_MS: intFromEnv(3_600_000, 1_000),

    SHUTDOWN_GRACE_MS: intFromEnv(10_000, 0),

    DISPATCH_RADII_KM: z
      .string()
      .default('5,10,20,40')
      .transform((v) => v.split(',').map((part) => Number(part.trim())))
      .pipe(
        z
          .array(z.number().positive().max(500))
          .min(1)
          .refine((radii) => radii.every((r, i) => i === 0 || r > (radii[i - 1] ?? 0)), {
            message: 'must be increasing, e.g. 5,10,20,40',
          }),
      ),
    DISPATCH_BID_WINDOW_MS: intFromEnv(180_000, 1),
    DISPATCH_MAX_DRIVERS_PER_STEP: intFromEnv(20, 1),
    DISPATCH_FIRST_STEP_DELAY_MS: intFromEnv(0, 0),
    /**
     * A ride booked further ahead than this is not offered to drivers until this long before its
     * `scheduledAt`: accepting it would otherwise hold the driver (one active ride) until then.
     */
    SCHEDULED_DISPATCH_LEAD_MS: intFromEnv(60 * 60_000, 0),
    /** How long a ride posted with `favouritesFirst` is offered only to the customer's favourite drivers. */
    FAVOURITES_WINDOW_MS: intFromEnv(30_000, 1),
    /**
     * A driver not heard from (position or going online) for this long is offline: out of dispatch at once,
     * `is_online` false within a quarter of it (the presence sweep). Replaces DRIVER_POSITION_FRESH_MS.
     */
    DRIVER_PRESENCE_TTL_MS: intFromEnv(120_000, 1_000),
    DRIVER_POSITION_PERSIST_EVERY_MS: intFromEnv(30_000, 0),
    /** A bid the customer has not accepted within this long is no longer live. */
    BID_TTL_MS: intFromEnv(15 * 60_000, 1),
    /**
     * How long a request waits for a socket push (it travels through Redis) before answering without it:
     * the change is committed and clients catch up over HTTP, so an unreachable Redis must not hang requests.
     */
    REALTIME_EMIT_TIMEOUT_MS: intFromEnv(2_000, 10),

    /** An OSRM-compatible router (`/route/v1/driving/...`) for live ETAs; unset, straight line × road factor. */
    ROUTER_URL: z.url().optional(),
    /** A router slower than this is skipped for the straight-line estimate (the ETA is a convenience). */
    ROUTER_TIMEOUT_MS: intFromEnv(1_500, 50),
    /** The estimate router's driving speed, for ETAs without ROUTER_URL. */
    ROUTE_AVERAGE_SPEED_KMH: intFromEnv(40, 5).pipe(z.number().max(130)),
    /** `ride:eta` goes to a ride's room at most once per this many ms (one Redis claim across api instances). */
    TRACKING_ETA_EVERY_MS: intFromEnv(15_000, 100),
    /** GET /api/track/:token and `track:join` per client address per minute (the public share page). */
    TRACKING_PUBLIC_LIMIT_PER_MINUTE: intFromEnv(60, 1),

    /** Where uploaded files live: `local` (a directory served through signed api URLs) or any S3-compatible store. */
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    /** Directory of the local driver; unset, `truck4u-uploads` under the system's temporary directory. */
    STORAGE_LOCAL_DIR: z.string().min(1).optional(),
    /** S3 endpoint (MinIO, Scaleway, the loopback stand-in); unset with the s3 driver, AWS's for S3_REGION. */
    S3_ENDPOINT: z.url().optional(),
    S3_BUCKET: z.string().min(1).default('truck4u-uploads'),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).default('dev-access-key'),
    S3_SECRET_ACCESS_KEY: z.string().min(1).default('dev-secret-key'),
    /** `bucket` in the path rather than the host name: what MinIO and most S3-compatible stores expect. */
    S3_FORCE_PATH_STYLE: booleanFromEnv.default(true),
    /** Life of every signed upload and download URL. */
    UPLOAD_URL_TTL_SECONDS: intFromEnv(300, 5).pipe(z.number().max(7 * 24 * 3600)),
    /** An upload not attached to anything this long after it was created is deleted by the cleanup job. */
    ORPHAN_UPLOAD_TTL_MS: intFromEnv(24 * 3_600_000, 1_000),
    ORPHAN_UPLOAD_SWEEP_EVERY_MS: intFromEnv(3_600_000, 1_000),

    /** DROPOFF_ARRIVED and COMPLETED are refused while the driver's last fresh position is farther than this. */
    DROPOFF_MAX_DISTANCE_METERS: intFromEnv(500, 10),
    /** Two fixes implying a speed above this are a jump: flagged on the ride and not trusted (docs/TRUST.md). */
    MAX_PLAUSIBLE_SPEED_KMH: intFromEnv(180, 10),
    /** Wrong delivery codes before the code locks. */
    DELIVERY_CODE_MAX_TRIES: intFromEnv(5, 1),
    /** Derives delivery codes (only their hash is stored); unset, a distinct use of JWT_SECRET. */
    DELIVERY_CODE_SECRET: z.string().min(16).optional(),
    /**
     * A delivery code SMS claimed this long ago and still not sent belongs to a process that died mid-send: the
     * sweep texts it again. Longer than SMS_TIMEOUT_MS, so a send still running is never doubled.
     */
    DELIVERY_CODE_SMS_CLAIM_MS: intFromEnv(30_000, 1_000),
    /** How often the worker looks for delivery codes never texted (docs/TRUST.md#delivery-code). */
    DELIVERY_CODE_SMS_SWEEP_EVERY_MS: intFromEnv(30_000, 500),
  })
  .superRefine((env, ctx) => {
    if (env.DELIVERY_CODE_SMS_CLAIM_MS <= env.SMS_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['DELIVERY_CODE_SMS_CLAIM_MS'],
        message: `must be longer than SMS_TIMEOUT_MS (${env.SMS_TIMEOUT_MS})`,
      });
    }
    if (env.NODE_ENV !== 'production') return;
    if (env.JWT_SECRET.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'must be at least 32 characters in production',
      });
    }
    if (EXAMPLE_SECRETS.has(env.JWT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is the example value; set a real secret',
      });
    }
    if (env.FLOUCI_APP_SECRET === 'dev-flouci-app-secret') {
      ctx.addIssue({
        code: 'custom',
        path: ['FLOUCI_APP_SECRET'],
        message: 'is the example value; set the app secret Flouci issued',
      });
    }
    if (env.STORAGE_DRIVER === 's3' && env.S3_SECRET_ACCESS_KEY === 'dev-secret-key') {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_SECRET_ACCESS_KEY'],
        message: 'is the example value; set the key of the bucket',
      });
    }
    if (env.PAYMENT_SETTLE_DELAY_MS > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENT_SETTLE_DELAY_MS'],
        message: 'is a test hook that holds settlements open; not allowed in production',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Every key the configuration reads; `.env.example` lists each one (config.test.ts checks). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

/** The typed configuration: derived from the schema through toConfig, so there is no second list to keep in step. */
export type Config = Readonly<ReturnType<typeof toConfig>>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError listing every bad key. The result is frozen. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in a copied .env with blank values.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return deepFreeze(toConfig(parsed.data));
}

/** Groups the flat environment into the nested object constructors take; its return type is `Config`. */
function toConfig(e: Env) {
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      frontendUrl: e.FRONTEND_URL,
      /** Every browser origin allowed by CORS and the socket: FRONTEND_URL's first, then CORS_EXTRA_ORIGINS. */
      allowedOrigins: [
        ...new Set([e.FRONTEND_URL, ...e.CORS_EXTRA_ORIGINS].map((url) => new URL(url).origin)),
      ] as readonly string[],
      publicUrl: e.PUBLIC_API_URL,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? ('pretty' as const) : ('json' as const)),
    /** `token` undefined: `/metrics` answers loopback callers only. */
    metrics: { token: e.METRICS_TOKEN },
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    tokens: {
      secret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
    otp: {
      // A separate key is better; without one, derive a distinct use of the JWT secret.
      secret: e.OTP_SECRET ?? `otp:${e.JWT_SECRET}`,
      ttlSeconds: e.OTP_TTL_SECONDS,
      maxAttempts: e.OTP_MAX_ATTEMPTS,
      resendCooldownSeconds: e.OTP_RESEND_COOLDOWN_SECONDS,
    },
    limits: {
      smsPerPhonePerHour: e.SMS_LIMIT_PER_PHONE_PER_HOUR,
      smsPerIpPerHour: e.SMS_LIMIT_PER_IP_PER_HOUR,
      smsGlobalPerHour: e.SMS_LIMIT_GLOBAL_PER_HOUR,
      otpVerifyPerIpPerHour: e.OTP_VERIFY_LIMIT_PER_IP_PER_HOUR,
      loginFailuresPerPhone: e.LOGIN_FAILURES_PER_PHONE,
      loginFailuresPerIp: e.LOGIN_FAILURES_PER_IP,
      loginFailureWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      ridePostsPerCustomerPerHour: e.RIDE_POST_LIMIT_PER_HOUR,
      chatMessagesPerMinute: e.CHAT_MESSAGES_PER_MINUTE,
      uploadsPerUserPerHour: e.UPLOAD_LIMIT_PER_HOUR,
    },
    sms: {
      provider: e.SMS_PROVIDER,
      baseUrl: e.TWILIO_BASE_URL,
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      timeoutMs: e.SMS_TIMEOUT_MS,
    },
    push: {
      baseUrl: e.EXPO_PUSH_BASE_URL,
      accessToken: e.EXPO_PUSH_ACCESS_TOKEN,
      timeoutMs: e.PUSH_TIMEOUT_MS,
      presenceTimeoutMs: e.PUSH_PRESENCE_TIMEOUT_MS,
    },
    flouci: {
      baseUrl: e.FLOUCI_BASE_URL,
      appToken: e.FLOUCI_APP_TOKEN,
      appSecret: e.FLOUCI_APP_SECRET,
      timeoutMs: e.FLOUCI_TIMEOUT_MS,
    },
    /** `settleDelayMs` is for tests only (refused in production). */
    payments: {
      settleDelayMs: e.PAYMENT_SETTLE_DELAY_MS,
      sweepEveryMs: e.PAYMENT_SWEEP_EVERY_MS,
      cashConfirmWindowMs: e.CASH_CONFIRM_WINDOW_MS,
    },
    worker: {
      lockDurationMs: e.WORKER_LOCK_DURATION_MS,
      /** 0: no metrics server (tests run many workers on one machine unless a test sets a port). */
      metricsPort: e.WORKER_METRICS_PORT ?? (e.NODE_ENV === 'test' ? 0 : 9465),
    },
    money: {
      driverMinBalanceMillimes: e.DRIVER_MIN_BALANCE_MILLIMES,
      cashCommissionCapMillimes: e.CASH_COMMISSION_CAP_MILLIMES,
    },
    pricing: { table: e.PRICING_TABLE, bandMinSamples: e.PRICE_BAND_MIN_SAMPLES },
    cancellation: {
      graceMs: e.CANCELLATION_GRACE_MS,
      feeMillimes: e.CANCELLATION_FEE_MILLIMES,
      strikeLimit: e.DRIVER_STRIKE_LIMIT,
      strikeWindowDays: e.DRIVER_STRIKE_WINDOW_DAYS,
    },
    subscriptions: {
      graceDays: e.SUBSCRIPTION_GRACE_DAYS,
      reminderDays: e.SUBSCRIPTION_REMINDER_DAYS,
      sweepEveryMs: e.SUBSCRIPTION_SWEEP_EVERY_MS,
    },
    /** The driver documents' expiry sweep (reminders, EXPIRED); its rules are per Tunis day, so hourly is enough. */
    documents: { sweepEveryMs: e.DOCUMENT_SWEEP_EVERY_MS },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    dispatch: {
      radiiKm: e.DISPATCH_RADII_KM as readonly number[],
      bidWindowMs: e.DISPATCH_BID_WINDOW_MS,
      maxDriversPerStep: e.DISPATCH_MAX_DRIVERS_PER_STEP,
      firstStepDelayMs: e.DISPATCH_FIRST_STEP_DELAY_MS,
      scheduledLeadMs: e.SCHEDULED_DISPATCH_LEAD_MS,
      favouritesWindowMs: e.FAVOURITES_WINDOW_MS,
    },
    /** A driver silent for `ttlMs` is offline; Postgres gets a position at most every `persistEveryMs`. */
    presence: {
      ttlMs: e.DRIVER_PRESENCE_TTL_MS,
      // A quarter of the TTL: `is_online` lags it by at most that; capped so a long TTL still sweeps often.
      sweepEveryMs: Math.max(250, Math.min(30_000, Math.floor(e.DRIVER_PRESENCE_TTL_MS / 4))),
      persistEveryMs: e.DRIVER_POSITION_PERSIST_EVERY_MS,
    },
    bids: { ttlMs: e.BID_TTL_MS },
    /** `emitTimeoutMs` bounds each socket push made while answering a request. */
    realtime: { emitTimeoutMs: e.REALTIME_EMIT_TIMEOUT_MS },
    /** Live ETAs and the public share link (docs/TRACKING.md). */
    tracking: {
      routerUrl: e.ROUTER_URL,
      routerTimeoutMs: e.ROUTER_TIMEOUT_MS,
      averageSpeedKmh: e.ROUTE_AVERAGE_SPEED_KMH,
      etaEveryMs: e.TRACKING_ETA_EVERY_MS,
      publicLimitPerMinute: e.TRACKING_PUBLIC_LIMIT_PER_MINUTE,
    },
    storage: {
      driver: e.STORAGE_DRIVER,
      localDir: e.STORAGE_LOCAL_DIR ?? join(tmpdir(), 'truck4u-uploads'),
      s3: {
        endpoint: e.S3_ENDPOINT,
        bucket: e.S3_BUCKET,
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      },
      /** Signs the local driver's URLs: a distinct use of the JWT secret, so no extra key to manage. */
      localSigningSecret: `storage:${e.JWT_SECRET}`,
    },
    uploads: {
      urlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
      orphanTtlMs: e.ORPHAN_UPLOAD_TTL_MS,
      orphanSweepEveryMs: e.ORPHAN_UPLOAD_SWEEP_EVERY_MS,
    },
    /** Proof of delivery: distance and position checks, delivery codes (docs/TRUST.md). */
    trust: {
      dropoffMaxDistanceMeters: e.DROPOFF_MAX_DISTANCE_METERS,
      maxPlausibleSpeedKmh: e.MAX_PLAUSIBLE_SPEED_KMH,
      deliveryCodeMaxTries: e.DELIVERY_CODE_MAX_TRIES,
      deliveryCodeSecret: e.DELIVERY_CODE_SECRET ?? `delivery-code:${e.JWT_SECRET}`,
      deliveryCodeSmsClaimMs: e.DELIVERY_CODE_SMS_CLAIM_MS,
      deliveryCodeSmsSweepEveryMs: e.DELIVERY_CODE_SMS_SWEEP_EVERY_MS,
      /** A position older than this does not count for the dropoff check: the presence TTL. */
      positionFreshMs: e.DRIVER_PRESENCE_TTL_MS,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
