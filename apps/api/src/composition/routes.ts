import { adminCan } from '@truck4u/contracts';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import { registerPublicTrackHandlers } from '../gateway/public-track-handlers';
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
import { chatRoutes } from '../modules/chat/chat.routes';
import { commissionsRoutes } from '../modules/commissions/commissions.routes';
import { devicesRoutes } from '../modules/devices/devices.routes';
import { disputesRoutes } from '../modules/disputes/disputes.routes';
import { documentsRoutes } from '../modules/documents/documents.routes';
import { driversRoutes } from '../modules/drivers/drivers.routes';
import { favouritesRoutes } from '../modules/favourites/favourites.routes';
import { healthRoutes } from '../modules/health/health.routes';
import { paymentsRoutes } from '../modules/payments/payments.routes';
import { pricingRoutes } from '../modules/pricing/pricing.routes';
import { profilesRoutes } from '../modules/profiles/profiles.routes';
import { proofsRoutes } from '../modules/proofs/proofs.routes';
import { bidsRoutes } from '../modules/rides/bids.routes';
import { rideProgressRoutes } from '../modules/rides/ride-progress.routes';
import { ridesRoutes } from '../modules/rides/rides.routes';
import { subscriptionsRoutes } from '../modules/subscriptions/subscriptions.routes';
import { trackingRoutes } from '../modules/tracking/tracking.routes';
import { uploadContentRoutes, uploadsRoutes } from '../modules/uploads/uploads.routes';
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

  // The share page's namespace: no access token, only track:join (gateway/public-track-handlers.ts).
  registerPublicTrackHandlers(io, { shareLinks: services.shareLinks, log: app.log });
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
  await app.register(usersRoutes, {
    profiles: services.profileReader,
    authenticator,
  });
  await app.register(devicesRoutes, { authenticator, devices: services.devices });
  await app.register(uploadsRoutes, { authenticator, uploads: services.uploads });
  const uploadContent = services.uploadContent;
  if (uploadContent) await app.register(uploadContentRoutes, { content: uploadContent });
  await app.register(driversRoutes, {
    authenticator,
    presence: services.presence,
    locations: services.driverLocations,
  });
  await app.register(documentsRoutes, { authenticator, documents: services.documents });
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
    cash: services.cashConfirmation,
  });
  await app.register(pricingRoutes, { table: config.pricing.table, priceBands: services.priceBands });
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
  await app.register(profilesRoutes, { authenticator, profiles: services.profiles });
  await app.register(rideProgressRoutes, { authenticator, progress: services.rideProgress });
  await app.register(trackingRoutes, {
    authenticator,
    tracking: services.liveTracking,
    stops: services.rideStops,
    shareLinks: services.shareLinks,
  });
  await app.register(proofsRoutes, {
    authenticator,
    proofs: services.proofs,
    deliveryCodes: services.deliveryCodes,
  });
  await app.register(disputesRoutes, { authenticator, disputes: services.disputes });
  await app.register(chatRoutes, { authenticator, chat: services.chat });
  await app.register(favouritesRoutes, { authenticator, favourites: services.favourites });
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
