import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { DatabaseHandle } from '@truck4u/database';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from './config/config';
import { answerFrameworkError, MAX_PATH_PARAM_LENGTH, registerErrorHandling } from './http/error-handler';
import { registerMetrics } from './http/metrics';
import { OneLinePerRequest } from './http/request-logging';
import { type Clock, systemClock } from './infra/clock';
import { logStream } from './infra/logger';
import { RateLimiter } from './infra/rate-limiter';
import { createCommandRedis } from './infra/redis';
import { queueBoardRoutes } from './jobs/queue-board.routes';
import { adminRoutes } from './modules/admin/admin.routes';
import { AdminDriversService } from './modules/admin/admin-drivers.service';
import { readStats } from './modules/admin/admin-stats.repository';
import { AccessTokens } from './modules/auth/access-token';
import { authRoutes } from './modules/auth/auth.routes';
import { AuthService } from './modules/auth/auth.service';
import { Authenticator } from './modules/auth/authenticator';
import { OtpService } from './modules/auth/otp.service';
import { RevocationService } from './modules/auth/revocation.service';
import { RevocationSync } from './modules/auth/revocation-sync';
import { SessionsService } from './modules/auth/sessions.service';
import { commissionsRoutes } from './modules/commissions/commissions.routes';
import { CommissionsService } from './modules/commissions/commissions.service';
import { DispatchQueue } from './modules/dispatch/dispatch-queue';
import type { DispatchScheduler } from './modules/dispatch/dispatch-scheduler';
import { DriverGeoIndex } from './modules/drivers/driver-geo-index';
import { DriverLocationService } from './modules/drivers/driver-location.service';
import { DriverPresenceService } from './modules/drivers/driver-presence.service';
import { driversRoutes } from './modules/drivers/drivers.routes';
import { healthRoutes } from './modules/health/health.routes';
import { SERVICE_INFO } from './modules/health/service-info';
import { SmsNotificationSender } from './modules/notifications/notification-sender';
import { FlouciReconciliation } from './modules/payments/flouci-reconciliation.service';
import { PaymentIntakeService } from './modules/payments/payment-intake.service';
import { PaymentRefundService } from './modules/payments/payment-refund.service';
import { paymentsRoutes } from './modules/payments/payments.routes';
import { PaymentsQueue } from './modules/payments/payments-queue';
import { pricingRoutes } from './modules/pricing/pricing.routes';
import { bidsRoutes } from './modules/rides/bids.routes';
import { BidsService } from './modules/rides/bids.service';
import { EndedRidesStore } from './modules/rides/ended-rides.store';
import { RideCancellationService } from './modules/rides/ride-cancellation.service';
import { RideDispatchStarter } from './modules/rides/ride-dispatch-start';
import { RidePostingService } from './modules/rides/ride-posting.service';
import { rideProgressRoutes } from './modules/rides/ride-progress.routes';
import { RideProgressService } from './modules/rides/ride-progress.service';
import { RideQueriesService } from './modules/rides/ride-queries.service';
import { RideRetryService } from './modules/rides/ride-retry.service';
import { ridesRoutes } from './modules/rides/rides.routes';
import { InvoiceService } from './modules/subscriptions/invoice.service';
import { subscriptionsRoutes } from './modules/subscriptions/subscriptions.routes';
import { SubscriptionsService } from './modules/subscriptions/subscriptions.service';
import { usersRoutes } from './modules/users/users.routes';
import { walletRoutes } from './modules/wallet/wallet.routes';
import { WalletService } from './modules/wallet/wallet.service';
import type { FlouciGateway } from './providers/flouci/flouci-gateway';
import type { SmsSender } from './providers/sms/sms-sender';
import { BoundedRealtimeNotifier } from './realtime/bounded-realtime-notifier';
import type { RealtimeNotifier } from './realtime/realtime-notifier';
import { attachRealtime } from './realtime/realtime-server';
import { registerSocketHandlers } from './realtime/socket-handlers';

declare module 'fastify' {
  interface FastifyInstance {
    /** Pushes events to sockets on every api instance (tests use it too). */
    realtime: RealtimeNotifier;
    /** Producer of the `ride-dispatch` queue. */
    dispatch: DispatchScheduler;
  }
}

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  /** Request-path Redis client (fails fast when Redis is down). */
  redis: Redis;
  sms: SmsSender;
  flouci: FlouciGateway;
  /** What "now" is for calendar rules (earnings periods, today's stats); the system clock unless a test pins it. */
  clock?: Clock;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Builds the HTTP application from its dependencies. main.ts and tests both call this. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config, database, redis, sms, flouci } = deps;
  const clock = deps.clock ?? systemClock;
  const db = database.db;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.code'],
      stream: logStream(config),
    },
    logController: new OneLinePerRequest(),
    trustProxy: config.http.trustProxy,
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // A bad percent-encoding or an over-long path segment still answers in the error envelope.
    frameworkErrors: answerFrameworkError,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  registerMetrics(app, { token: config.metrics.token });

  await app.register(helmet, {
    // The Swagger UI at /docs needs inline styles and scripts; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  await app.register(cors, {
    origin: [config.http.frontendUrl],
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Truck4u API',
        version: SERVICE_INFO.version,
        description:
          'Freight marketplace for Tunisia. Errors use the envelope { error: { code, message, details?, requestId } }. Money is integer millimes.',
      },
      servers: [{ url: config.http.publicUrl }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Each api instance has its own Socket.io server and queue producer; they meet through Redis.
  const realtimeGateway = attachRealtime(app, config);
  // Every request-path push is bounded here, once, rather than by each service that emits.
  const realtime: RealtimeNotifier = new BoundedRealtimeNotifier(
    realtimeGateway.notifier,
    config.realtime.emitTimeoutMs,
    app.log,
  );
  const dispatchRedis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const dispatchQueue = new DispatchQueue(dispatchRedis, config.redis.keyPrefix, config.dispatch, (error) =>
    app.log.warn({ err: error }, 'dispatch queue connection error'),
  );
  const dispatch: DispatchScheduler = dispatchQueue;
  app.decorate('realtime', realtime);
  app.decorate('dispatch', dispatch);
  // Sockets are closed before Fastify closes its server: open websockets would keep it from closing.
  app.addHook('preClose', async () => realtimeGateway.close());
  app.addHook('onClose', async () => {
    await dispatchQueue.close();
    dispatchRedis.disconnect();
  });

  const accessTokens = new AccessTokens(config.tokens);
  const revocationSync = new RevocationSync(database, redis, config.redis.keyPrefix, app.log);
  const revocations = new RevocationService(db, revocationSync, config.tokens.accessTtlSeconds, app.log);
  revocationSync.start();
  app.addHook('onClose', async () => revocationSync.close());
  const sessions = new SessionsService(db, accessTokens, revocations, config.tokens);
  const limiter = new RateLimiter(redis, config.redis.keyPrefix);
  const otp = new OtpService(db, limiter, sms, config.otp, config.limits, app.log);
  const auth = new AuthService(db, sessions, otp, limiter, config.limits, app.log, realtime);
  const authenticator = new Authenticator(db, accessTokens, revocations);
  const presence = new DriverPresenceService(
    db,
    redis,
    new DriverGeoIndex(redis, config.redis.keyPrefix, config.presence.ttlMs),
    config.presence,
    config.redis.keyPrefix,
    realtime,
    config.money.driverMinBalanceMillimes,
  );
  const endedRides = new EndedRidesStore(redis, config.redis.keyPrefix);
  registerSocketHandlers(realtimeGateway.io, {
    db,
    authenticator,
    locations: new DriverLocationService(presence, endedRides),
    log: app.log,
  });
  const notifications = new SmsNotificationSender(db, sms, app.log);
  const adminDrivers = new AdminDriversService(db, sessions, realtime);

  await app.register(healthRoutes, { db, redis });
  await app.register(authRoutes, { auth, authenticator });
  await app.register(usersRoutes, { db, authenticator });
  await app.register(driversRoutes, { authenticator, presence });
  await app.register(queueBoardRoutes, {
    authenticator,
    connection: dispatchRedis,
    keyPrefix: config.redis.keyPrefix,
  });
  await app.register(walletRoutes, {
    authenticator,
    wallets: new WalletService(db, config.money.driverMinBalanceMillimes, clock),
  });
  const paymentsRedis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const paymentsQueue = new PaymentsQueue(paymentsRedis, config.redis.keyPrefix, (error) =>
    app.log.warn({ err: error }, 'payments queue connection error'),
  );
  app.addHook('onClose', async () => {
    await paymentsQueue.close();
    paymentsRedis.disconnect();
  });
  await app.register(paymentsRoutes, {
    authenticator,
    intake: new PaymentIntakeService(
      db,
      flouci,
      paymentsQueue,
      { publicApiUrl: config.http.publicUrl, frontendUrl: config.http.frontendUrl },
      app.log,
    ),
    reconciliation: new FlouciReconciliation(db, flouci, paymentsQueue, app.log),
    refunds: new PaymentRefundService(db, notifications, app.log),
  });
  await app.register(pricingRoutes, { table: config.pricing.table });
  const rideDispatchStarter = new RideDispatchStarter(db, dispatch, realtime, app.log);
  await app.register(ridesRoutes, {
    authenticator,
    posting: new RidePostingService(
      db,
      rideDispatchStarter,
      realtime,
      limiter,
      {
        pricingTable: config.pricing.table,
        postLimitPerHour: config.limits.ridePostsPerCustomerPerHour,
        scheduledDispatchLeadMs: config.dispatch.scheduledLeadMs,
      },
      app.log,
    ),
    queries: new RideQueriesService(db),
    cancellation: new RideCancellationService(
      db,
      realtime,
      endedRides,
      // The strike limit suspends a driver exactly as an admin does (same cut-off, same socket disconnect).
      adminDrivers,
      config.cancellation,
      app.log,
    ),
    retry: new RideRetryService(db, rideDispatchStarter, realtime),
  });
  await app.register(commissionsRoutes, { authenticator, commissions: new CommissionsService(db) });
  await app.register(subscriptionsRoutes, {
    authenticator,
    subscriptions: new SubscriptionsService(db, notifications, config.subscriptions, app.log, clock),
    invoices: new InvoiceService(db),
  });
  await app.register(bidsRoutes, {
    authenticator,
    bids: new BidsService(
      db,
      realtime,
      { ttlMs: config.bids.ttlMs, driverMinBalanceMillimes: config.money.driverMinBalanceMillimes },
      app.log,
    ),
  });
  await app.register(rideProgressRoutes, {
    authenticator,
    progress: new RideProgressService(db, realtime, endedRides, app.log),
  });
  await app.register(adminRoutes, {
    authenticator,
    drivers: adminDrivers,
    revocations,
    readStats: () => readStats(db, clock.now()),
  });

  return app;
}
