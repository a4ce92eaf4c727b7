import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { createBlockingRedis } from '../infra/redis';
import { startWorkers } from '../jobs/start-workers';
import { checkBidsJob, dispatchStepJob } from '../modules/dispatch/dispatch.jobs';
import { settlePaymentJob } from '../modules/payments/payments.jobs';
import { JOB_DEFINITIONS } from './job-registry';

describe('startWorkers', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  function start(
    definitions: typeof JOB_DEFINITIONS,
    handlers: Parameters<typeof startWorkers>[0]['handlers'],
  ) {
    const connection = createBlockingRedis(env.config.redis.url);
    const running = startWorkers({
      definitions,
      handlers,
      config: env.config,
      connection,
      prefix: `${env.redisPrefix}bull`,
      concurrency: 1,
    });
    return {
      running,
      async close() {
        await (await running.catch(() => null))?.close();
        connection.disconnect();
      },
    };
  }

  it('refuses to start when a job of the list has no handler', async () => {
    const worker = start(JOB_DEFINITIONS, [dispatchStepJob.handler({ dispatch: {} as never })]);
    try {
      await expect(worker.running).rejects.toThrow('job ride-dispatch/check-bids has no handler');
    } finally {
      await worker.close();
    }
  });

  it('refuses to start when two handlers claim one job', async () => {
    const handle = { dispatch: {} as never };
    const worker = start(
      [dispatchStepJob, checkBidsJob],
      [dispatchStepJob.handler(handle), checkBidsJob.handler(handle), checkBidsJob.handler(handle)],
    );
    try {
      await expect(worker.running).rejects.toThrow('job ride-dispatch/check-bids has two handlers');
    } finally {
      await worker.close();
    }
  });

  it('fails a job whose payload the schema refuses at once, without retrying it or calling the handler', async () => {
    const settled: string[] = [];
    const worker = start(
      [settlePaymentJob],
      [
        settlePaymentJob.handler({
          settlement: {
            settle: async (paymentId: string) => {
              settled.push(paymentId);
              return 'SETTLED';
            },
          } as never,
        }),
      ],
    );
    const queue = new Queue(settlePaymentJob.queue, {
      connection: env.redis,
      prefix: `${env.redisPrefix}bull`,
    });
    try {
      await worker.running;
      // What a buggy producer writing to Redis by hand could add: the definition's own `enqueue` refuses it.
      const bad = await queue.add(
        settlePaymentJob.name,
        { paymentId: 'not-a-uuid' },
        { ...settlePaymentJob.options, backoff: { type: 'fixed', delay: 10 } },
      );
      const good = await settlePaymentJob.enqueue(queue, { paymentId: randomUUID() });
      await eventually(async () => expect(await good.getState()).toBe('completed'), 10_000);
      await eventually(async () => expect(await bad.getState()).toBe('failed'), 10_000);
      const failed = await queue.getJob(bad.id ?? '');
      expect(failed?.attemptsMade).toBe(1);
      expect(failed?.failedReason).toMatch(/payments\/settle-payment refused its payload/);
      expect(settled).toEqual([good.data.paymentId]);
    } finally {
      await queue.close();
      await worker.close();
    }
  });
});
