import { adminCan } from '@truck4u/contracts';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import { registerSocketHandlers } from '../gateway/socket-handlers';
import { queueBoardRoutes } from '../jobs/queue-board.routes';
import { adminRoutes } from '../modules/admin/admin.routes';
import { adminConsoleRoutes } from '../modules/admin/admin-console.routes';
import {
  assertAdminMay,
  findActiveAdminRole,
  registerAdminPermissions,
} from '../modules/admin/admin-permissions';
import { authRoutes } from '../modules/auth/auth.routes';
import { commissionsRoutes } from '../modules/commissions/commissions.routes';
import { devicesRoutes } from '../modules/devices/devices.routes';
import { driversRoutes } from '../modules/drivers/drivers.routes';
import { healthRoutes } from '../modules/health/health.routes';
import { paymentsRoutes } from '../modules/payments/payments.routes';
import { pricingRoutes } from '../modules/pricing/pricing.routes';
import { bidsRoutes } from '../modules/rides/bids.routes';
import { rideProgressRoutes } from '../modules/rides/ride-progress.routes';
import { ridesRoutes } from '../modules/rides/rides.routes';
import { subscriptionsRoutes } from '../modules/subscriptions/subscriptions.routes';
import { usersRoutes } from '../modules/users/users.routes';
import { walletRoutes } from '../modules/wallet/wallet.routes';
import type { RealtimeServer } from '../realtime/realtime-server';
import { WORKER_QUEUES } from './job-registry';
import type { ApiServer } from './server';
import type { Services } from './services';

/** What the routes read besides services: the request-path Redis client for health checks, the pricing table. */
export interface RouteDependencies {
  config: Config;
  redis: Redis;
}

/** Every socket event handler and HTTP route plugin of the api, with the services each one is given. */
export async function registerRoutes(
  app: ApiServer,
  io: RealtimeServer,
  services: Services,
  { config, redis }: RouteDependencies,
): Promise<void> {
  const { authenticator, db } = services;

  registerSocketHandlers(io, {
    db,
    authenticator,
    locations: services.driverLocations,
    log: app.log,
    canFollowLive: async (adminId) => {
      const role = await findActiveAdminRole(db, adminId);
      return role !== null && adminCan(role, 'live.read');
    },
  });
  // Before any route plugin: it adds the role check to every /api/admin/ route as it is registered.
  registerAdminPermissions(app, db);

  // Registration order is the order of the OpenAPI document (docs/openapi.json).
  await app.register(healthRoutes, { db, redis });
  await app.register(authRoutes, { auth: services.auth, authenticator });
  await app.register(usersRoutes, { db, authenticator });
  await app.register(devicesRoutes, { authenticator, devices: services.devices });
  await app.register(driversRoutes, {
    authenticator,
    presence: services.presence,
    locations: services.driverLocations,
    fixOrder: services.fixOrder,
  });
  await app.register(queueBoardRoutes, {
    authenticator,
    authorizeAdmin: async (adminId) => {
      await assertAdminMay(db, adminId, 'queues.read');
    },
    queueNames: WORKER_QUEUES,
    connection: services.dispatchConnection,
    keyPrefix: config.redis.keyPrefix,
  });
  await app.register(walletRoutes, { authenticator, wallets: services.wallets });
  await app.register(paymentsRoutes, {
    authenticator,
    intake: services.paymentIntake,
    reconciliation: services.reconciliation,
    refunds: services.refunds,
  });
  await app.register(pricingRoutes, { table: config.pricing.table });
  await app.register(ridesRoutes, {
    authenticator,
    posting: services.ridePosting,
    queries: services.rideQueries,
    cancellation: services.rideCancellation,
    retry: services.rideRetry,
  });
  await app.register(commissionsRoutes, { authenticator, commissions: services.commissions });
  await app.register(subscriptionsRoutes, {
    authenticator,
    subscriptions: services.subscriptions,
    invoices: services.invoices,
  });
  await app.register(bidsRoutes, { authenticator, bids: services.bids });
  await app.register(rideProgressRoutes, { authenticator, progress: services.rideProgress });
  await app.register(adminRoutes, {
    authenticator,
    drivers: services.adminDrivers,
    revocations: services.revocations,
    readStats: services.readStats,
  });
  await app.register(adminConsoleRoutes, {
    authenticator,
    db,
    accounts: services.adminAccounts,
    rides: services.adminRides,
    customers: services.adminCustomers,
    live: services.adminLive,
  });
}
