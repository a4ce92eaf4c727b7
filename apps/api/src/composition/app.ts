import type { DatabaseHandle } from '@truck4u/database';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import { CacheMetrics } from '../infra/cache-metrics';
import type { Clock } from '../infra/clock';
import { registerPoolGauges } from '../infra/pool-metrics';
import { RevocationLookupMetric } from '../infra/revocation-metrics';
import { registerWebsocketGauge } from '../infra/websocket-metrics';
import type { DispatchScheduler } from '../modules/rides/dispatch-scheduler';
import type { FlouciGateway } from '../providers/flouci/flouci-gateway';
import type { SmsSender } from '../providers/sms/sms-sender';
import { BoundedRealtimeNotifier } from '../realtime/bounded-realtime-notifier';
import type { RealtimeNotifier } from '../realtime/realtime-notifier';
import { attachRealtime } from '../realtime/realtime-server';
import { registerRoutes } from './routes';
import { createServer } from './server';
import { buildServices } from './services';

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

/** Builds the HTTP application from its dependencies: server, services, routes. main.ts and tests both call this. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config } = deps;
  const app = await createServer(config);

  // Each api instance has its own Socket.io server and queue producer; they meet through Redis.
  const realtimeGateway = attachRealtime(app, config);
  // Every request-path push is bounded here, once, rather than by each service that emits.
  const realtime: RealtimeNotifier = new BoundedRealtimeNotifier(
    realtimeGateway.notifier,
    config.realtime.emitTimeoutMs,
    app.log,
  );
  registerPoolGauges(app.metrics, deps.database.pool);
  registerWebsocketGauge(app.metrics, () => realtimeGateway.io.of('/').sockets.size);
  const metrics = {
    revocationLookups: new RevocationLookupMetric(app.metrics),
    cache: new CacheMetrics(app.metrics),
  };
  const services = buildServices({ ...deps, log: app.log, realtime, metrics });
  app.decorate('realtime', realtime);
  app.decorate('dispatch', services.dispatchQueue satisfies DispatchScheduler);

  // Sockets are closed before Fastify closes its server: open websockets would keep it from closing.
  app.addHook('preClose', async () => realtimeGateway.close());
  // Fastify runs onClose hooks last-added first: these stay registered in this order, around the routes
  // (the queue board's own hook closes its queues on the dispatch connection before it is disconnected).
  app.addHook('onClose', async () => services.closeDispatch());
  app.addHook('onClose', async () => services.closeRevocationSync());
  await registerRoutes(app, realtimeGateway.io, services, deps);
  app.addHook('onClose', async () => services.closePayments());
  app.addHook('onClose', async () => services.closeStorage());
  app.addHook('onClose', async () => services.closeDeliveryCodes());

  return app;
}
