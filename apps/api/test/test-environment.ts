import { randomBytes } from 'node:crypto';
import { admins, createDatabase, type DatabaseHandle } from '@truck4u/database';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/composition/app';
import { type Config, loadConfig } from '../src/config/config';
import { AdjustableClock } from '../src/infra/clock';
import { createCommandRedis } from '../src/infra/redis';
import { hashPassword } from '../src/modules/auth/password-hasher';
import { FlouciHttpClient } from '../src/providers/flouci/flouci-http-client';
import { type FlouciStandIn, startFlouciStandIn } from '../src/providers/flouci/flouci-stand-in';
import { TwilioSmsSender } from '../src/providers/sms/twilio-sms-sender';
import { startTwilioStandIn, type TwilioStandIn } from '../src/providers/sms/twilio-stand-in';

export interface AppInstance {
  app: FastifyInstance;
  config: Config;
  redis: Redis;
  database: DatabaseHandle;
}

export interface TestEnvironment {
  databaseUrl: string;
  redisPrefix: string;
  sms: TwilioStandIn;
  /** Loopback Flouci; `pay(id)` plays the customer paying on its page (webhooks are not sent: tests post them). */
  flouci: FlouciStandIn;
  /** Direct database access for assertions and factories. */
  database: DatabaseHandle;
  /** Redis client for assertions, not prefixed: use `redisPrefix`. */
  redis: Redis;
  /** The default app instance. */
  app: FastifyInstance;
  /** The default instance's configuration (same database and Redis prefix as every instance). */
  config: Config;
  /** The environment variables instances are built from, e.g. for a worker started as a child process. */
  processEnv: Record<string, string>;
  /** The clock every instance reads for calendar rules: follows real time until a test pins it. */
  clock: AdjustableClock;
  /** Builds another api instance on the same database and Redis prefix (or a different Redis URL). */
  startInstance(env?: Record<string, string>): Promise<AppInstance>;
  close(): Promise<void>;
}

const SMS_ACCOUNT = { accountSid: 'ACtest0000000000000000000000000000', authToken: 'test-auth-token' };
const FLOUCI_APP = { appToken: 'test-flouci-app-token', appSecret: 'test-flouci-app-secret' };

/** A fresh database copied from the migrated template, a private Redis key prefix and a local SMS provider. */
export async function createTestEnvironment(env: Record<string, string> = {}): Promise<TestEnvironment> {
  const suffix = randomBytes(4).toString('hex');
  const dbName = `t4u_test_${suffix}`;
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  const templateName = new URL(inject('templateDatabaseUrl')).pathname.slice(1);
  await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${templateName}"`);
  await admin.end();
  const dbUrl = new URL(inject('adminDatabaseUrl'));
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();

  const redisPrefix = `t4u-test:${suffix}:`;
  const sms = await startTwilioStandIn(SMS_ACCOUNT);
  const flouci = await startFlouciStandIn({ ...FLOUCI_APP, deliverWebhooks: false });
  const instances: AppInstance[] = [];
  const clock = new AdjustableClock();

  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: redisPrefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-keys',
    TWILIO_BASE_URL: sms.url,
    TWILIO_ACCOUNT_SID: SMS_ACCOUNT.accountSid,
    TWILIO_AUTH_TOKEN: SMS_ACCOUNT.authToken,
    FLOUCI_BASE_URL: flouci.url,
    FLOUCI_APP_TOKEN: FLOUCI_APP.appToken,
    FLOUCI_APP_SECRET: FLOUCI_APP.appSecret,
    ...env,
  };

  async function startInstance(overrides: Record<string, string> = {}): Promise<AppInstance> {
    const config = loadConfig({ ...baseEnv, ...overrides });
    const database = createDatabase({ url: config.database.url, maxConnections: config.database.poolMax });
    const redis = createCommandRedis(config.redis.url);
    const app = await buildApp({
      config,
      database,
      redis,
      sms: new TwilioSmsSender(config.sms),
      flouci: new FlouciHttpClient(config.flouci),
      clock,
    });
    await app.ready();
    const instance = { app, config, redis, database };
    instances.push(instance);
    return instance;
  }

  const main = await startInstance();
  const database = createDatabase({ url: databaseUrl, maxConnections: 3 });
  const redis = createCommandRedis(inject('redisUrl'));
  await waitForRedis(main.redis);

  return {
    databaseUrl,
    redisPrefix,
    sms,
    flouci,
    database,
    redis,
    app: main.app,
    config: main.config,
    processEnv: baseEnv,
    clock,
    startInstance,
    async close() {
      for (const instance of instances) {
        await instance.app.close();
        await instance.database.close();
        instance.redis.disconnect();
      }
      await deleteKeys(redis, `${redisPrefix}*`);
      redis.disconnect();
      await database.close();
      await sms.close();
      await flouci.close();
      const cleanup = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function waitForRedis(redis: Redis): Promise<void> {
  for (let i = 0; i < 100 && redis.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 20));
  if (redis.status !== 'ready') throw new Error('Redis did not become ready');
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

let phoneCounter = 0;
/** A valid, unused Tunisian mobile number in E.164. */
export function uniquePhone(): string {
  phoneCounter += 1;
  const digits = (Number.parseInt(randomBytes(3).toString('hex'), 16) % 100_000) * 10 + (phoneCounter % 10);
  return `+2162${String(digits).padStart(7, '0')}`;
}

export async function createAdmin(
  env: TestEnvironment,
  password = 'admin-password-1',
): Promise<{ id: string; phone: string; password: string }> {
  const phone = uniquePhone();
  const [row] = await env.database.db
    .insert(admins)
    .values({ phone, name: 'Test Admin', passwordHash: await hashPassword(password) })
    .returning({ id: admins.id });
  if (!row) throw new Error('admin insert failed');
  return { id: row.id, phone, password };
}
