import { createDatabase } from '@truck4u/database';
import { buildApp } from './composition/app';
import { ConfigError, loadConfig } from './config/config';
import { createCommandRedis } from './infra/redis';
import { onShutdownSignal } from './infra/shutdown';
import { FlouciHttpClient } from './providers/flouci/flouci-http-client';
import { createSmsSender } from './providers/sms/create-sms-sender';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = createDatabase({
    url: config.database.url,
    maxConnections: config.database.poolMax,
    applicationName: 'truck4u-api',
  });
  const redis = createCommandRedis(config.redis.url);
  const app = await buildApp({
    config,
    database,
    redis,
    sms: createSmsSender(config.sms),
    flouci: new FlouciHttpClient(config.flouci),
  });

  onShutdownSignal(app.log, config.shutdownGraceMs, async () => {
    // Fastify stops accepting connections and waits for in-flight requests before onClose hooks run.
    await app.close();
    await database.close();
    redis.disconnect();
  });

  await app.listen({ host: config.http.host, port: config.http.port });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('api failed to start:', error);
  }
  process.exit(1);
});
