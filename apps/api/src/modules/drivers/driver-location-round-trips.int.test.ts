import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goOnlineAt, registerDriver, type TestAccount } from '#test/factories';
import { startCountingProxy } from '#test/redis-command-counter';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment, waitForRedis } from '#test/test-environment';
import { buildServices, type Services } from '../../composition/services';
import { createCommandRedis } from '../../infra/redis';
import { FlouciHttpClient } from '../../providers/flouci/flouci-http-client';
import { TwilioSmsSender } from '../../providers/sms/twilio-sms-sender';

/**
 * Issue 13: a driver's position report is one Redis round trip, the proofs module's jump check included
 * (it runs inside the report's own script). A driver without a ride, with the state already trusted.
 */
describe('driver location reports cost one Redis round trip', () => {
  let env: TestEnvironment;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let redis: Redis;
  let services: Services;
  const logged: string[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    proxy = await startCountingProxy(env.config.redis.url);
    redis = createCommandRedis(proxy.url);
    await waitForRedis(redis);
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          logged.push(String(chunk));
          done();
        },
      }),
    );
    services = buildServices({
      config: env.config,
      database: env.database,
      redis,
      sms: new TwilioSmsSender(env.config.sms),
      flouci: new FlouciHttpClient(env.config.flouci),
      log,
    });
  });
  afterAll(async () => {
    await services?.closeDispatch();
    redis?.disconnect();
    await proxy?.close();
    await env?.close();
  });

  const trustedFix = (driver: TestAccount) =>
    env.redis.hgetall(`${env.redisPrefix}trust:last-fix:${driver.user.id}`);
  const indexed = async (driver: TestAccount) => {
    const [position] = await env.redis.geopos(`${env.redisPrefix}geo:drivers:SMALL_VAN`, driver.user.id);
    return position ? { lng: Number(position[0]), lat: Number(position[1]) } : null;
  };
  /** The commands `act` sent to Redis through the services' client. */
  const commandsOf = async (act: () => Promise<unknown>) => {
    const before = proxy.commands.length;
    await act();
    return proxy.commands.slice(before);
  };

  async function onlineDriver() {
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, TUNIS);
    const session = services.driverLocations.openSession(driver.user.id);
    // Reads the driver's state from Postgres and, on a Redis that has not seen the script yet, loads it.
    await session.report(northOf(TUNIS, 0.01));
    return { driver, session };
  }

  it('records a socket report and checks it for a jump in one command', async () => {
    const { driver, session } = await onlineDriver();
    const to = northOf(TUNIS, 0.05);
    expect(await commandsOf(() => session.report(to))).toEqual(['evalsha']);
    expect(await trustedFix(driver)).toMatchObject({ lat: String(to.lat), lng: String(to.lng) });
    expect((await indexed(driver))?.lat).toBeCloseTo(to.lat, 5);
  });

  it('keeps a jump out of the trusted fixes, still in one command', async () => {
    const { driver, session } = await onlineDriver();
    const before = await trustedFix(driver);
    // 15 km in a moment.
    const spoofed = northOf(TUNIS, 15);
    expect(await commandsOf(() => session.report(spoofed))).toEqual(['evalsha']);
    expect(await trustedFix(driver)).toEqual(before);
    expect((await indexed(driver))?.lat).toBeCloseTo(spoofed.lat, 5);
  });

  it('costs one command over HTTP too, and a late replay changes neither the index nor the trusted fix', async () => {
    const { driver } = await onlineDriver();
    const locations = services.driverLocations;
    await locations.reportOverHttp(driver.user.id, northOf(TUNIS, 0.02));
    const live = northOf(TUNIS, 0.06);
    expect(await commandsOf(() => locations.reportOverHttp(driver.user.id, live))).toEqual(['evalsha']);
    const trusted = await trustedFix(driver);

    let replayed: Awaited<ReturnType<typeof locations.reportOverHttp>> | undefined;
    const commands = await commandsOf(async () => {
      replayed = await locations.reportOverHttp(driver.user.id, northOf(TUNIS, 0.03), Date.now() - 60_000);
    });
    expect(commands).toEqual(['evalsha']);
    expect(replayed?.isStale).toBe(true);
    expect(await trustedFix(driver)).toEqual(trusted);
    expect((await indexed(driver))?.lat).toBeCloseTo(live.lat, 5);
  });

  it('records the position when the jump check fails, and logs the failure', async () => {
    const { driver, session } = await onlineDriver();
    // Not a hash: the check's HMGET fails inside the report's script.
    await env.redis.set(`${env.redisPrefix}trust:last-fix:${driver.user.id}`, 'broken');
    const to = northOf(TUNIS, 0.04);
    expect(await commandsOf(() => session.report(to))).toEqual(['evalsha']);
    expect((await indexed(driver))?.lat).toBeCloseTo(to.lat, 5);
    expect(
      logged.some((line) => line.includes('position jump check failed') && line.includes('WRONGTYPE')),
    ).toBe(true);
  });
});
