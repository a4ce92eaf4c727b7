import type { DatabaseHandle } from '@truck4u/database';
import { createDatabase } from '@truck4u/database';
import { buildApp } from '../composition/app';
import { loadConfig } from '../config/config';
import { createCommandRedis } from '../infra/redis';
import { FlouciHttpClient } from '../providers/flouci/flouci-http-client';

/**
 * The OpenAPI document as committed in docs/openapi.json. Building the app needs no live database or
 * Redis: clients are created lazily and never used here.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_API_URL: 'http://localhost:3000',
  });
  const database: DatabaseHandle = createDatabase({ url: config.database.url, maxConnections: 1 });
  const redis = createCommandRedis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null });
  const app = await buildApp({
    config,
    database,
    redis,
    sms: { send: async () => ({ providerMessageId: 'unused' }) },
    flouci: new FlouciHttpClient(config.flouci),
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
    redis.disconnect();
  }
}
