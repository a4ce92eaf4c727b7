import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { createCommandRedis } from '../../infra/redis';
import type { JobHandler } from '../../jobs/define-job';
import type { FlouciGateway } from '../../providers/flouci/flouci-gateway';
import { FlouciHttpClient } from '../../providers/flouci/flouci-http-client';
import { FlouciReconciliation } from './flouci-reconciliation.service';
import { PaymentSettlement } from './payment-settlement';
import { paymentJobHandlers } from './payments.jobs';
import { PaymentsQueue } from './payments-queue';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * What a worker process needs to run the payment jobs' handlers: settlement, and the sweep (which asks Flouci and
 * re-queues settlements, hence its own queue producer). The worker entry point and the tests build it alike.
 */
export function createPaymentRuntime(deps: {
  config: Config;
  db: Database;
  log: Logger;
  flouci?: FlouciGateway;
}): { handlers: JobHandler[]; close(): Promise<void> } {
  const { config, db, log } = deps;
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const queue = new PaymentsQueue(redis, config.redis.keyPrefix, (error) =>
    log.warn({ err: error }, 'payments queue connection error'),
  );
  // Only the reconciliation part: the sweep verifies with Flouci and re-queues settlements, never takes a payment.
  const payments = new FlouciReconciliation(
    db,
    deps.flouci ?? new FlouciHttpClient(config.flouci),
    queue,
    log,
  );
  const settlement = new PaymentSettlement(db, { delayMs: config.payments.settleDelayMs }, log);
  return {
    handlers: paymentJobHandlers({ settlement, payments }),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
