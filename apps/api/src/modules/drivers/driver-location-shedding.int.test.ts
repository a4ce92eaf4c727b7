import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goOnlineAt, registerDriver } from '#test/factories';
import { startCountingProxy } from '#test/redis-command-counter';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment, waitForRedis } from '#test/test-environment';
import { buildServices, type Services } from '../../composition/services';
import { loadConfig } from '../../config/config';
import { AppError } from '../../errors/app-error';
import { createCommandRedis } from '../../infra/redis';
import { LoadShedMetrics } from '../../infra/redis-backlog-gate';
import { FlouciHttpClient } from '../../providers/flouci/flouci-http-client';
import { TwilioSmsSender } from '../../providers/sms/twilio-sms-sender';

/**
 * Issue 13: an api whose Redis has fallen behind refuses positions before sending anything, instead of adding
 * commands that would wait past their timeout. Redis "falls behind" through a proxy holding its replies.
 */
describe('driver positions while Redis is behind', () => {
  let env: TestEnvironment;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let redis: Redis;
  let services: Services;
  const registry = new Registry();

  beforeAll(async () => {
    env = await createTestEnvironment();
    proxy = await startCountingProxy(env.config.redis.url);
    // Long enough that held replies time nothing out while the test looks.
    redis = createCommandRedis(proxy.url, { commandTimeout: 10_000 });
    await waitForRedis(redis);
    services = buildServices({
      config: loadConfig({ ...env.processEnv, POSITION_SHED_REDIS_BACKLOG: '3' }),
      database: env.database,
      redis,
      sms: new TwilioSmsSender(env.config.sms),
      flouci: new FlouciHttpClient(env.config.flouci),
      log: env.app.log,
      metrics: { loadShed: new LoadShedMetrics(registry) },
    });
  });
  afterAll(async () => {
    proxy?.releaseReplies();
    await services?.closeDispatch();
    redis?.disconnect();
    await proxy?.close();
    await env?.close();
  });

  const indexedLat = async (driverId: string) => {
    const [position] = await env.redis.geopos(`${env.redisPrefix}geo:drivers:SMALL_VAN`, driverId);
    return position ? Number(position[1]) : null;
  };
  const shedCount = async () =>
    (await registry.getSingleMetric('load_shed_total')?.get())?.values.find(
      (v) => v.labels.work === 'driver-position',
    )?.value ?? 0;

  it('refuses a position with 503 at once while 3 commands wait, sending nothing, and takes the next once Redis catches up', async () => {
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, TUNIS);
    const session = services.driverLocations.openSession(driver.user.id);
    await session.report(northOf(TUNIS, 0.01));

    proxy.holdReplies();
    const sentBefore = proxy.commands.length;
    const waiting = [0.02, 0.03, 0.04].map((km) => session.report(northOf(TUNIS, km)));
    await expect.poll(() => proxy.commands.length - sentBefore, { timeout: 5_000 }).toBe(3);

    const refused = await session.report(northOf(TUNIS, 0.05)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      headers: { 'retry-after': '1' },
      details: { reason: 'OVERLOADED' },
    });
    expect(proxy.commands.length - sentBefore).toBe(3);
    expect(await shedCount()).toBe(1);

    proxy.releaseReplies();
    const answered = await Promise.all(waiting);
    expect(answered.every((r) => !r.isStale)).toBe(true);
    const next = northOf(TUNIS, 0.06);
    await session.report(next);
    // The refused position never reached the index; the one after it did.
    expect(await indexedLat(driver.user.id)).toBeCloseTo(next.lat, 5);
    expect(await shedCount()).toBe(1);
  });
});
