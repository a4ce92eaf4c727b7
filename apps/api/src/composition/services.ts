import type { UserProfile } from '@truck4u/contracts';
import type { Database, DatabaseHandle } from '@truck4u/database';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import type { CacheMetrics } from '../infra/cache-metrics';
import { type Clock, systemClock } from '../infra/clock';
import { RateLimiter } from '../infra/rate-limiter';
import { ReadCache, type ReadCacheOptions } from '../infra/read-cache';
import { createCommandRedis } from '../infra/redis';
import type { RevocationLookupMetric } from '../infra/revocation-metrics';
import { AdminAccountsService } from '../modules/admin/admin-accounts.service';
import { recordAudit } from '../modules/admin/admin-audit.repository';
import { AdminCustomersService } from '../modules/admin/admin-customers.service';
import { AdminDriversService } from '../modules/admin/admin-drivers.service';
import { AdminFleetFeed } from '../modules/admin/admin-fleet-feed';
import { AdminLiveService } from '../modules/admin/admin-live.service';
import { boundedLeaveAdminLive } from '../modules/admin/admin-live-membership';
import { AdminRidesService } from '../modules/admin/admin-rides.service';
import { readConsoleStats } from '../modules/admin/admin-stats.repository';
import { AccessTokens } from '../modules/auth/access-token';
import { AuthService } from '../modules/auth/auth.service';
import { Authenticator } from '../modules/auth/authenticator';
import { OtpService } from '../modules/auth/otp.service';
import { RevocationService } from '../modules/auth/revocation.service';
import { RevocationSync } from '../modules/auth/revocation.sync';
import { SessionsService } from '../modules/auth/sessions.service';
import { RideChatService } from '../modules/chat/chat.service';
import { GOVERNORATE_RATE_CACHE } from '../modules/commissions/commission-rate';
import { CommissionsService } from '../modules/commissions/commissions.service';
import { DevicesService } from '../modules/devices/devices.service';
import { OfflinePushNotifier } from '../modules/devices/offline-push.notifier';
import { AdapterUserPresence, type ClusterAdapter } from '../modules/devices/user-presence';
import { DispatchQueue } from '../modules/dispatch/dispatch.queue';
import { DispatchService } from '../modules/dispatch/dispatch.service';
import { DisputesService } from '../modules/disputes/disputes.service';
import { DocumentExpiryService } from '../modules/documents/document-expiry.service';
import { DocumentNotifier } from '../modules/documents/document-notifier';
import { DriverDocumentsService } from '../modules/documents/documents.service';
import { DriverGeoIndex } from '../modules/drivers/driver-geo-index';
import { DriverLocationService } from '../modules/drivers/driver-location.service';
import { DriverPresenceService } from '../modules/drivers/driver-presence.service';
import { DriverPresenceSweep } from '../modules/drivers/driver-presence-sweep';
import { FavouritesService } from '../modules/favourites/favourites.service';
import { SmsNotificationSender } from '../modules/notifications/notification-sender';
import { CashConfirmationService } from '../modules/payments/cash-confirmation.service';
import { FlouciReconciliation } from '../modules/payments/flouci-reconciliation.service';
import { HeldPayments } from '../modules/payments/held-payments.service';
import { PaymentIntakeService } from '../modules/payments/payment-intake.service';
import { PaymentRefundService } from '../modules/payments/payment-refund.service';
import { PaymentSettlement } from '../modules/payments/payment-settlement';
import { PaymentsQueue } from '../modules/payments/payments.queue';
import { PriceBandService } from '../modules/pricing/price-band.service';
import { ProfilesService } from '../modules/profiles/profiles.service';
import { DeliveryCodeService } from '../modules/proofs/delivery-code.service';
import { DeliveryCodeSmsQueue } from '../modules/proofs/delivery-code-sms.queue';
import { PositionJumpWatcher } from '../modules/proofs/position-jump.watcher';
import { PositionTrustStore } from '../modules/proofs/position-trust.store';
import { ProofsService } from '../modules/proofs/proofs.service';
import { RideTrustChecks } from '../modules/proofs/ride-trust-checks';
import type { DriverCard } from '../modules/rides/bids.repository';
import { BidsService } from '../modules/rides/bids.service';
import { EndedRidesStore } from '../modules/rides/ended-rides.store';
import { RideCancellationService } from '../modules/rides/ride-cancellation.service';
import { RideDispatchStarter } from '../modules/rides/ride-dispatch-start';
import { RidePostingService } from '../modules/rides/ride-posting.service';
import { RideProgressService } from '../modules/rides/ride-progress.service';
import { RideQueriesService } from '../modules/rides/ride-queries.service';
import { RideRetryService } from '../modules/rides/ride-retry.service';
import {
  RIDE_SNAPSHOT_CACHE,
  type RideSnapshot,
  RideSnapshotInvalidator,
} from '../modules/rides/ride-snapshot-cache';
import { InvoiceService } from '../modules/subscriptions/invoice.service';
import { PLANS_CACHE, SubscriptionsService } from '../modules/subscriptions/subscriptions.service';
import { LivePositionStore } from '../modules/tracking/live-position.store';
import { LiveTrackingService } from '../modules/tracking/live-tracking.service';
import { PublicTrackBroadcaster } from '../modules/tracking/public-track.broadcaster';
import { RideStopsService } from '../modules/tracking/ride-stops.service';
import { ShareLinksService } from '../modules/tracking/share-links.service';
import { TrackingRelayNotifier } from '../modules/tracking/tracking-relay.notifier';
import { OrphanUploadSweep } from '../modules/uploads/orphan-upload-sweep';
import { UploadContentService } from '../modules/uploads/upload-content.service';
import { UploadsService, uploadIdOfStorageKey } from '../modules/uploads/uploads.service';
import { PROFILE_CACHE, ProfileInvalidator, ProfileReader } from '../modules/users/profile-cache';
import { WalletService } from '../modules/wallet/wallet.service';
import type { FlouciGateway } from '../providers/flouci/flouci-gateway';
import { ExpoPushClient } from '../providers/push/expo-push-client';
import { createRouter } from '../providers/routing/create-router';
import type { SmsSender } from '../providers/sms/sms-sender';
import { createObjectStorage } from '../providers/storage/create-object-storage';
import { LocalDiskStorage } from '../providers/storage/local-disk.storage';
import type { ObjectStorage } from '../providers/storage/object-storage';
import type { RealtimeNotifier } from '../realtime/realtime-notifier';
import { createHeadlessRealtime } from '../realtime/realtime-server';

/** The metrics services report to, registered on the process's registry (docs/OBSERVABILITY.md). */
export interface ServiceMetrics {
  revocationLookups?: RevocationLookupMetric;
  /** Where the read caches (infra/read-cache.ts) count their hits and misses. */
  cache?: CacheMetrics;
}

/** What every service is built from: the process's clients and providers (main.ts, worker.ts and tests make them). */
export interface ServiceDependencies {
  config: Config;
  database: DatabaseHandle;
  /** Command Redis client for services (the api's request-path client fails fast when Redis is down). */
  redis: Redis;
  sms: SmsSender;
  flouci: FlouciGateway;
  log: FastifyBaseLogger;
  /**
   * Where services push socket events: the api passes its Socket.io gateway's (bounded) notifier. A process
   * without an HTTP server (the worker) leaves it out and gets a headless server emitting through the Redis adapter.
   */
  realtime?: RealtimeNotifier;
  /** What "now" is for calendar rules (earnings periods, today's stats); the system clock unless a test pins it. */
  clock?: Clock;
  /** Left out (some tests), services record nothing. */
  metrics?: ServiceMetrics;
}

/**
 * Every service, queue producer and store of the api and the worker, each constructed here and nowhere else.
 * A service is built the first time it is read and is the same instance ever after, so the api builds what its
 * routes use and the worker what its job handlers use. Adding a service is adding one getter.
 */
export class Services {
  readonly #built = new Map<string, unknown>();

  constructor(private readonly deps: ServiceDependencies) {}

  /** Builds `name` on first use; later reads return that instance. */
  private once<T>(name: string, build: () => T): T {
    if (!this.#built.has(name)) this.#built.set(name, build());
    return this.#built.get(name) as T;
  }

  get db(): Database {
    return this.deps.database.db;
  }

  /** One read cache per name, shared by the services that read and invalidate it (docs/OBSERVABILITY.md#read-cache). */
  private readCache<T>(options: Pick<ReadCacheOptions, 'name' | 'version' | 'ttlSeconds'>): ReadCache<T> {
    return this.once(
      `readCache:${options.name}`,
      () =>
        new ReadCache<T>(this.deps.redis, {
          ...options,
          keyPrefix: this.config.redis.keyPrefix,
          metrics: this.deps.metrics?.cache,
          log: this.deps.log,
        }),
    );
  }

  get driverCards(): ReadCache<DriverCard> {
    // v2: cards gained firstName, vehicle (with plate) and ridesCompleted.
    return this.readCache<DriverCard>({ name: 'driver_card', version: 2, ttlSeconds: 300 });
  }

  get governorateRates() {
    return this.readCache<number | null>(GOVERNORATE_RATE_CACHE);
  }

  /** GET /api/rides/:id's snapshots for the ride's parties (modules/rides/ride-snapshot-cache.ts). */
  get rideSnapshotCache() {
    return this.readCache<RideSnapshot>(RIDE_SNAPSHOT_CACHE);
  }

  /** What every write to a ride's snapshot calls after its commit. */
  get rideSnapshots() {
    return this.once(
      'rideSnapshots',
      () => new RideSnapshotInvalidator(this.db, this.rideSnapshotCache, this.deps.log),
    );
  }

  /** GET /api/me's profiles (modules/users/profile-cache.ts). */
  get profileCache() {
    return this.readCache<UserProfile>(PROFILE_CACHE);
  }

  get profileReader() {
    return this.once('profileReader', () => new ProfileReader(this.db, this.profileCache));
  }

  /** What every write to a driver's profile calls after its commit. */
  get profileInvalidation() {
    return this.once('profileInvalidation', () => new ProfileInvalidator(this.profileCache));
  }

  private get config(): Config {
    return this.deps.config;
  }

  private get clock(): Clock {
    return this.deps.clock ?? systemClock;
  }

  private get headlessRealtime() {
    return this.once('headlessRealtime', () => createHeadlessRealtime(this.config));
  }

  /** Socket events, and pushes to the phones of users with no live socket (modules/devices/offline-push.notifier.ts). */
  get realtime(): RealtimeNotifier {
    return this.trackingRelay;
  }

  /** Passes a minimised copy of ride status, position and ETA events to the public share page (docs/TRACKING.md). */
  get trackingRelay() {
    return this.once(
      'trackingRelay',
      () => new TrackingRelayNotifier(this.offlinePush, this.publicTrack, this.deps.log),
    );
  }

  /** Emits on the public /track namespace through the headless adapter, which reaches every api instance. */
  get publicTrack() {
    return this.once('publicTrack', () => new PublicTrackBroadcaster(() => this.headlessRealtime.io));
  }

  get offlinePush() {
    return this.once(
      'offlinePush',
      () =>
        new OfflinePushNotifier(
          this.deps.realtime ?? this.headlessRealtime.notifier,
          this.userPresence,
          this.pushSender,
          this.db,
          this.deps.log,
        ),
    );
  }

  /** Asked through this process's headless adapter node, which reaches every instance's sockets. */
  get userPresence() {
    return this.once('userPresence', () => {
      const { io } = this.headlessRealtime;
      return new AdapterUserPresence(
        () => io.of('/').adapter as unknown as ClusterAdapter,
        this.config.push.presenceTimeoutMs,
      );
    });
  }

  get pushSender() {
    return this.once('pushSender', () => new ExpoPushClient(this.config.push));
  }

  // Files

  /** STORAGE_DRIVER's storage; the local driver's signed URLs point at the api's content route. */
  get storage(): ObjectStorage {
    return this.once('storage', () =>
      createObjectStorage(this.config, (key) => {
        const base = this.config.http.publicUrl.replace(/\/+$/, '');
        return `${base}/api/uploads/${uploadIdOfStorageKey(key)}/content`;
      }),
    );
  }

  get uploads() {
    return this.once(
      'uploads',
      () =>
        new UploadsService(
          this.db,
          this.storage,
          { urlTtlSeconds: this.config.uploads.urlTtlSeconds },
          {
            limiter: this.limiter,
            perUserPerHour: this.config.limits.uploadsPerUserPerHour,
            log: this.deps.log,
          },
        ),
    );
  }

  get orphanUploadSweep() {
    return this.once(
      'orphanUploadSweep',
      () => new OrphanUploadSweep(this.db, this.storage, this.config.uploads.orphanTtlMs, this.deps.log),
    );
  }

  /** Null unless the storage is local disk: then the api itself serves the signed URLs. */
  get uploadContent(): UploadContentService | null {
    return this.once('uploadContent', () =>
      this.storage instanceof LocalDiskStorage ? new UploadContentService(this.db, this.storage) : null,
    );
  }

  get devices() {
    return this.once('devices', () => new DevicesService(this.db));
  }

  // Auth

  get accessTokens() {
    return this.once('accessTokens', () => new AccessTokens(this.config.tokens));
  }

  /** Started once built: keeps this process's cache of revocations in step with the other instances. */
  get revocationSync() {
    return this.once('revocationSync', () => {
      const { database, redis, config, log } = this.deps;
      const sync = new RevocationSync(database, redis, config.redis.keyPrefix, log);
      sync.start();
      return sync;
    });
  }

  get revocations() {
    return this.once(
      'revocations',
      () =>
        new RevocationService(
          this.db,
          this.revocationSync,
          this.config.tokens.accessTtlSeconds,
          this.deps.log,
          this.deps.metrics?.revocationLookups,
        ),
    );
  }

  get sessions() {
    return this.once(
      'sessions',
      () => new SessionsService(this.db, this.accessTokens, this.revocations, this.config.tokens),
    );
  }

  get limiter() {
    return this.once('limiter', () => new RateLimiter(this.deps.redis, this.config.redis.keyPrefix));
  }

  get otp() {
    const { sms, log } = this.deps;
    return this.once(
      'otp',
      () => new OtpService(this.db, this.limiter, sms, this.config.otp, this.config.limits, log),
    );
  }

  get auth() {
    return this.once(
      'auth',
      () =>
        new AuthService(
          this.db,
          this.sessions,
          this.otp,
          this.limiter,
          this.config.limits,
          this.deps.log,
          this.realtime,
        ),
    );
  }

  get authenticator() {
    return this.once('authenticator', () => new Authenticator(this.db, this.accessTokens, this.revocations));
  }

  // Drivers

  get geoIndex() {
    return this.once(
      'geoIndex',
      () => new DriverGeoIndex(this.deps.redis, this.config.redis.keyPrefix, this.config.presence.ttlMs),
    );
  }

  get presence() {
    return this.once(
      'presence',
      () =>
        new DriverPresenceService(
          this.db,
          this.geoIndex,
          this.config.presence,
          this.config.redis.keyPrefix,
          this.realtime,
          this.config.money.driverMinBalanceMillimes,
          this.fleetFeed,
          this.profileInvalidation,
        ),
    );
  }

  get driverLocations() {
    return this.once(
      'driverLocations',
      () =>
        new DriverLocationService(this.presence, this.endedRides, undefined, [
          this.positionJumps,
          this.liveTracking,
        ]),
    );
  }

  // Tracking

  /** ROUTER_URL's OSRM-compatible router, or the straight-line estimate; the estimate also backs the router. */
  get router() {
    return this.once('router', () =>
      createRouter(
        {
          url: this.config.tracking.routerUrl,
          timeoutMs: this.config.tracking.routerTimeoutMs,
          averageSpeedKmh: this.config.tracking.averageSpeedKmh,
          roadFactorPermille: this.config.pricing.table.roadFactorPermille,
        },
        this.deps.log,
      ),
    );
  }

  get liveTracking() {
    return this.once(
      'liveTracking',
      () =>
        new LiveTrackingService(
          this.db,
          new LivePositionStore(this.deps.redis, this.config.redis.keyPrefix),
          this.router,
          this.realtime,
          this.config.tracking.etaEveryMs,
          this.deps.log,
        ),
    );
  }

  get rideStops() {
    return this.once(
      'rideStops',
      () => new RideStopsService(this.db, this.realtime, this.deps.log, this.rideSnapshots),
    );
  }

  get shareLinks() {
    return this.once(
      'shareLinks',
      () =>
        new ShareLinksService(
          this.db,
          this.liveTracking,
          this.publicTrack,
          this.limiter,
          {
            webUrl: this.config.http.frontendUrl,
            publicLimitPerMinute: this.config.tracking.publicLimitPerMinute,
          },
          this.deps.log,
        ),
    );
  }

  get presenceSweep() {
    return this.once(
      'presenceSweep',
      () =>
        new DriverPresenceSweep(
          this.db,
          this.geoIndex,
          this.config.presence.ttlMs,
          this.fleetFeed,
          this.profileInvalidation,
        ),
    );
  }

  // Dispatch

  /** The dispatch producer's own connection (the queue board reads the queues through it too). */
  get dispatchConnection() {
    return this.once('dispatchConnection', () =>
      createCommandRedis(this.config.redis.url, { commandTimeout: 2_000 }),
    );
  }

  /** Producer of the `ride-dispatch` queue: the api starts dispatches, the worker queues the next steps. */
  get dispatchQueue() {
    return this.once(
      'dispatchQueue',
      () =>
        new DispatchQueue(
          this.dispatchConnection,
          this.config.redis.keyPrefix,
          this.config.dispatch,
          (error) => this.deps.log.warn({ err: error }, 'dispatch queue connection error'),
        ),
    );
  }

  get dispatch() {
    return this.once(
      'dispatch',
      () =>
        new DispatchService(
          this.db,
          this.geoIndex,
          this.dispatchQueue,
          this.realtime,
          this.config.dispatch,
          this.deps.log,
          this.config.money.driverMinBalanceMillimes,
          this.rideSnapshots,
        ),
    );
  }

  // Rides

  get endedRides() {
    return this.once('endedRides', () => new EndedRidesStore(this.deps.redis, this.config.redis.keyPrefix));
  }

  get rideDispatchStarter() {
    return this.once(
      'rideDispatchStarter',
      () =>
        new RideDispatchStarter(
          this.db,
          this.dispatchQueue,
          this.realtime,
          this.deps.log,
          this.rideSnapshots,
        ),
    );
  }

  get ridePosting() {
    return this.once(
      'ridePosting',
      () =>
        new RidePostingService(
          this.db,
          this.rideDispatchStarter,
          this.realtime,
          this.limiter,
          {
            pricingTable: this.config.pricing.table,
            postLimitPerHour: this.config.limits.ridePostsPerCustomerPerHour,
            scheduledDispatchLeadMs: this.config.dispatch.scheduledLeadMs,
            priceBands: this.priceBands,
          },
          this.deps.log,
        ),
    );
  }

  /** The fair price band: pricing implements the port rides declares (rides/price-band-source.ts). */
  get priceBands() {
    return this.once(
      'priceBands',
      () =>
        new PriceBandService(this.db, {
          minSamples: this.config.pricing.bandMinSamples,
          roundTo: this.config.pricing.table.roundTo,
        }),
    );
  }

  get profiles() {
    return this.once('profiles', () => new ProfilesService(this.db));
  }

  get rideQueries() {
    return this.once('rideQueries', () => new RideQueriesService(this.db, this.rideSnapshotCache));
  }

  get chat() {
    return this.once(
      'chat',
      () =>
        new RideChatService(
          this.db,
          this.realtime,
          this.limiter,
          { messagesPerMinute: this.config.limits.chatMessagesPerMinute },
          this.deps.log,
        ),
    );
  }

  get favourites() {
    return this.once('favourites', () => new FavouritesService(this.db));
  }

  get rideCancellation() {
    return this.once(
      'rideCancellation',
      () =>
        new RideCancellationService(
          this.db,
          this.realtime,
          this.endedRides,
          // The strike limit suspends a driver exactly as an admin does (same cut-off, same socket disconnect).
          this.adminDrivers,
          this.cancellationRules,
          this.deps.log,
          this.rideSnapshots,
        ),
    );
  }

  get rideRetry() {
    return this.once(
      'rideRetry',
      () => new RideRetryService(this.db, this.rideDispatchStarter, this.realtime, this.rideSnapshots),
    );
  }

  get bids() {
    return this.once(
      'bids',
      () =>
        new BidsService(
          this.db,
          this.realtime,
          {
            ttlMs: this.config.bids.ttlMs,
            driverMinBalanceMillimes: this.config.money.driverMinBalanceMillimes,
          },
          this.deps.log,
          {
            driverCards: this.driverCards,
            governorateRates: this.governorateRates,
            rideSnapshots: this.rideSnapshots,
          },
        ),
    );
  }

  get rideProgress() {
    return this.once(
      'rideProgress',
      () =>
        new RideProgressService(
          this.db,
          this.realtime,
          this.endedRides,
          this.deps.log,
          // A rating changes the driver's card and their own profile (rating, ratingCount) alike.
          {
            invalidate: async (...driverIds: string[]) => {
              await this.driverCards.invalidate(...driverIds);
              await this.profileInvalidation.drivers(...driverIds);
            },
          },
          this.rideTrustChecks,
          this.heldPayments,
          this.rideSnapshots,
        ),
    );
  }

  // Proof of delivery and disputes (docs/TRUST.md)

  get positionTrust() {
    return this.once(
      'positionTrust',
      () =>
        new PositionTrustStore(
          this.deps.redis,
          this.config.redis.keyPrefix,
          this.config.trust.maxPlausibleSpeedKmh,
        ),
    );
  }

  get positionJumps() {
    return this.once(
      'positionJumps',
      () => new PositionJumpWatcher(this.db, this.positionTrust, this.deps.log),
    );
  }

  get deliveryCodes() {
    return this.once(
      'deliveryCodes',
      () =>
        new DeliveryCodeService(this.db, this.deps.sms, this.config.trust, recordAudit, {
          // Resolved on the first failed send: a process whose sends all succeed opens no queue connection.
          scheduler: {
            scheduleRetry: (rideId, nonce) => this.deliveryCodeSmsQueue.scheduleRetry(rideId, nonce),
          },
          log: this.deps.log,
        }),
    );
  }

  get deliveryCodeSmsConnection() {
    return this.once('deliveryCodeSmsConnection', () =>
      createCommandRedis(this.config.redis.url, { commandTimeout: 2_000 }),
    );
  }

  /** Producer of the `delivery-codes` queue: SMS of delivery codes that failed, retried with backoff. */
  get deliveryCodeSmsQueue() {
    return this.once(
      'deliveryCodeSmsQueue',
      () =>
        new DeliveryCodeSmsQueue(this.deliveryCodeSmsConnection, this.config.redis.keyPrefix, (error) =>
          this.deps.log.warn({ err: error }, 'delivery-codes queue connection error'),
        ),
    );
  }

  get rideTrustChecks() {
    return this.once(
      'rideTrustChecks',
      () => new RideTrustChecks(this.positionTrust, this.deliveryCodes, this.config.trust, this.deps.log),
    );
  }

  get proofs() {
    return this.once('proofs', () => new ProofsService(this.db, this.realtime, this.deps.log));
  }

  get disputes() {
    return this.once(
      'disputes',
      () => new DisputesService(this.db, this.realtime, this.notifications, this.deps.log, recordAudit),
    );
  }

  // Money

  /** The cancellation policy with the payments module's return of held money (docs/MONEY.md, Held payments). */
  get cancellationRules() {
    return this.once('cancellationRules', () => ({
      ...this.config.cancellation,
      heldPayments: this.heldPayments,
    }));
  }

  get heldPayments() {
    return this.once('heldPayments', () => new HeldPayments(this.db, this.paymentsQueue, this.deps.log));
  }

  get cashConfirmation() {
    return this.once(
      'cashConfirmation',
      () =>
        new CashConfirmationService(
          this.db,
          this.paymentSettlement,
          {
            confirmWindowMs: this.config.payments.cashConfirmWindowMs,
            defaultCapMillimes: this.config.money.cashCommissionCapMillimes,
          },
          this.deps.log,
          recordAudit,
          this.rideSnapshots,
        ),
    );
  }

  get wallets() {
    return this.once(
      'wallets',
      () =>
        new WalletService(
          this.db,
          this.config.money.driverMinBalanceMillimes,
          this.clock,
          this.config.money.cashCommissionCapMillimes,
        ),
    );
  }

  get paymentsConnection() {
    return this.once('paymentsConnection', () =>
      createCommandRedis(this.config.redis.url, { commandTimeout: 2_000 }),
    );
  }

  get paymentsQueue() {
    return this.once(
      'paymentsQueue',
      () =>
        new PaymentsQueue(this.paymentsConnection, this.config.redis.keyPrefix, (error) =>
          this.deps.log.warn({ err: error }, 'payments queue connection error'),
        ),
    );
  }

  get paymentIntake() {
    return this.once(
      'paymentIntake',
      () =>
        new PaymentIntakeService(
          this.db,
          this.deps.flouci,
          this.paymentsQueue,
          { publicApiUrl: this.config.http.publicUrl, frontendUrl: this.config.http.frontendUrl },
          this.deps.log,
          this.config.money.cashCommissionCapMillimes,
          this.rideSnapshots,
        ),
    );
  }

  /** The webhook's and the sweep's check with Flouci, which re-queues settlements and never takes a payment. */
  get reconciliation() {
    return this.once(
      'reconciliation',
      () =>
        new FlouciReconciliation(
          this.db,
          this.deps.flouci,
          this.paymentsQueue,
          this.deps.log,
          this.heldPayments,
          this.rideSnapshots,
        ),
    );
  }

  get paymentSettlement() {
    return this.once(
      'paymentSettlement',
      () =>
        new PaymentSettlement(
          this.db,
          { delayMs: this.config.payments.settleDelayMs },
          this.deps.log,
          this.rideSnapshots,
        ),
    );
  }

  get refunds() {
    return this.once(
      'refunds',
      () =>
        new PaymentRefundService(this.db, this.notifications, this.deps.log, recordAudit, this.rideSnapshots),
    );
  }

  get commissions() {
    return this.once(
      'commissions',
      () => new CommissionsService(this.db, recordAudit, this.governorateRates),
    );
  }

  get subscriptions() {
    return this.once(
      'subscriptions',
      () =>
        new SubscriptionsService(
          this.db,
          this.notifications,
          this.config.subscriptions,
          this.deps.log,
          this.clock,
          this.readCache(PLANS_CACHE),
        ),
    );
  }

  get invoices() {
    return this.once('invoices', () => new InvoiceService(this.db));
  }

  // Notifications and admin

  get notifications() {
    return this.once('notifications', () => new SmsNotificationSender(this.db, this.deps.sms, this.deps.log));
  }

  // Driver documents (modules/documents)

  get documentNotifier() {
    return this.once(
      'documentNotifier',
      () => new DocumentNotifier(this.db, this.notifications, this.pushSender, this.deps.log),
    );
  }

  get documents() {
    return this.once(
      'documents',
      () =>
        new DriverDocumentsService(
          this.db,
          this.realtime,
          this.documentNotifier,
          recordAudit,
          this.clock,
          this.deps.log,
          this.profileInvalidation,
        ),
    );
  }

  get documentExpiry() {
    return this.once(
      'documentExpiry',
      () =>
        new DocumentExpiryService(
          this.db,
          this.documentNotifier,
          this.realtime,
          this.clock,
          this.deps.log,
          this.profileInvalidation,
        ),
    );
  }

  get adminDrivers() {
    return this.once(
      'adminDrivers',
      () =>
        new AdminDriversService(
          this.db,
          this.sessions,
          this.realtime,
          this.documents,
          this.fleetFeed,
          this.profileInvalidation,
        ),
    );
  }

  /** The dashboard ("today" as the clock reads it) and a period's figures. */
  get readStats() {
    return this.once(
      'readStats',
      () => (query: Parameters<typeof readConsoleStats>[2]) =>
        readConsoleStats(this.db, this.clock.now(), query),
    );
  }

  /**
   * The admins' live map feed. It emits through the headless realtime (the Redis adapter reaches the
   * admin:live room on every instance), so the api and the worker's presence sweep share one path.
   */
  get fleetFeed() {
    return this.once(
      'fleetFeed',
      () =>
        new AdminFleetFeed(
          this.deps.redis,
          this.config.redis.keyPrefix,
          (payload) => this.headlessRealtime.notifier.toAdminLive('fleet:driver', payload),
          this.deps.log,
        ),
    );
  }

  get adminAccounts() {
    return this.once(
      'adminAccounts',
      () =>
        new AdminAccountsService(
          this.db,
          this.sessions,
          this.realtime,
          boundedLeaveAdminLive(
            (adminId) => this.headlessRealtime.notifier.leaveAdminLive(adminId),
            this.config.realtime.emitTimeoutMs,
            this.deps.log,
          ),
        ),
    );
  }

  get adminCustomers() {
    return this.once(
      'adminCustomers',
      () => new AdminCustomersService(this.db, this.sessions, this.realtime, this.adminRides),
    );
  }

  get adminRides() {
    return this.once(
      'adminRides',
      () =>
        new AdminRidesService(
          this.db,
          this.realtime,
          this.endedRides,
          this.rideDispatchStarter,
          this.cancellationRules,
          this.deps.log,
          this.rideSnapshots,
        ),
    );
  }

  get adminLive() {
    return this.once(
      'adminLive',
      () => new AdminLiveService(this.db, this.geoIndex, this.fleetFeed, this.config.presence.ttlMs),
    );
  }

  // Shutdown, one step per resource so each process keeps its own order. Each closes only what was built.

  /** The dispatch producer, then the headless realtime (only dispatch emits from the worker), then their connection. */
  async closeDispatch(): Promise<void> {
    await this.closeIfBuilt<DispatchQueue>('dispatchQueue', (queue) => queue.close());
    // Pushes under way ask the cluster through the headless server: let them finish (each is time-bounded).
    await this.closeIfBuilt<OfflinePushNotifier>('offlinePush', (notifier) => notifier.settled());
    await this.closeIfBuilt<LiveTrackingService>('liveTracking', (tracking) => tracking.settled());
    await this.closeIfBuilt<{ close(): Promise<void> }>('headlessRealtime', (realtime) => realtime.close());
    await this.closeIfBuilt<Redis>('dispatchConnection', (redis) => redis.disconnect());
  }

  async closeRevocationSync(): Promise<void> {
    await this.closeIfBuilt<RevocationSync>('revocationSync', (sync) => sync.close());
  }

  async closePayments(): Promise<void> {
    await this.closeIfBuilt<PaymentsQueue>('paymentsQueue', (queue) => queue.close());
    await this.closeIfBuilt<Redis>('paymentsConnection', (redis) => redis.disconnect());
  }

  async closeDeliveryCodes(): Promise<void> {
    await this.closeIfBuilt<DeliveryCodeSmsQueue>('deliveryCodeSmsQueue', (queue) => queue.close());
    await this.closeIfBuilt<Redis>('deliveryCodeSmsConnection', (redis) => redis.disconnect());
  }

  /** The object storage's pooled connections (S3), once nothing can ask it for a file any more. */
  async closeStorage(): Promise<void> {
    await this.closeIfBuilt<ObjectStorage>('storage', (storage) => storage.close());
  }

  private async closeIfBuilt<T>(name: string, close: (built: T) => unknown): Promise<void> {
    if (this.#built.has(name)) await close(this.#built.get(name) as T);
  }
}

/** The one place services are constructed, for the api (`buildApp`) and the worker (`startJobWorkers`) alike. */
export function buildServices(deps: ServiceDependencies): Services {
  return new Services(deps);
}
