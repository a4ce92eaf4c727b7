import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../config/config';
import { defineJob, type JobQueue } from './define-job';

const RIDE = '0b6d1a52-4a3e-4c1f-9a51-2f3c8d0e7a10';

/** Records what `enqueue` adds, in place of a BullMQ queue (no Redis needed). */
function recordingQueue(name: string) {
  const added: { name: string; data: unknown; opts: unknown }[] = [];
  const queue = {
    name,
    add: async (jobName: string, data: unknown, opts: unknown) => {
      added.push({ name: jobName, data, opts });
      return { id: 'stand-in' };
    },
  } as unknown as JobQueue;
  return { queue, added };
}

function notifyJob(handled: unknown[] = []) {
  return defineJob({
    queue: 'rides',
    name: 'notify',
    payload: z.object({ rideId: z.uuid(), step: z.number().int().min(0) }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 60 } },
    jobId: ({ rideId, step }) => `notify_${rideId}_s${step}`,
    handle: async (payload, deps: { tag: string }) => {
      handled.push({ payload, tag: deps.tag });
    },
  });
}

describe('defineJob', () => {
  it('enqueues with the definition’s options and the job id it computes from the payload', async () => {
    const { queue, added } = recordingQueue('rides');
    await notifyJob().enqueue(queue, { rideId: RIDE, step: 2 }, { delayMs: 500 });
    expect(added).toEqual([
      {
        name: 'notify',
        data: { rideId: RIDE, step: 2 },
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: 60 },
          jobId: `notify_${RIDE}_s2`,
          delay: 500,
        },
      },
    ]);
  });

  it('adds no delay option when none is asked for', async () => {
    const { queue, added } = recordingQueue('rides');
    await notifyJob().enqueue(queue, { rideId: RIDE, step: 0 });
    expect(added[0]?.opts).not.toHaveProperty('delay');
  });

  it('refuses to enqueue a payload its schema rejects, adding nothing', async () => {
    const { queue, added } = recordingQueue('rides');
    const bad = { rideId: 'not-a-uuid', step: -1 } as unknown as { rideId: string; step: number };
    await expect(notifyJob().enqueue(queue, bad)).rejects.toThrow(/rides\/notify refused its payload/);
    expect(added).toEqual([]);
  });

  it('refuses to enqueue on another queue than its own', async () => {
    const { queue, added } = recordingQueue('payments');
    await expect(notifyJob().enqueue(queue, { rideId: RIDE, step: 0 })).rejects.toThrow(
      'Job rides/notify belongs on queue rides, not payments',
    );
    expect(added).toEqual([]);
  });

  it('hands the parsed payload and the bound services to the handler', async () => {
    const handled: unknown[] = [];
    const handler = notifyJob(handled).handler({ tag: 'worker-1' });
    await handler.run({ rideId: RIDE, step: 1, extra: 'dropped by the schema' });
    expect(handled).toEqual([{ payload: { rideId: RIDE, step: 1 }, tag: 'worker-1' }]);
    expect(handler.definition).toMatchObject({ queue: 'rides', name: 'notify' });
  });

  it('fails a job with a bad payload as unrecoverable, so BullMQ does not retry it, without handling it', async () => {
    const handled: unknown[] = [];
    const run = notifyJob(handled).handler({ tag: 'worker-1' }).run({ rideId: RIDE });
    await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run).rejects.toThrow(/rides\/notify refused its payload/);
    expect(handled).toEqual([]);
  });

  it('declares a repeating job with its interval read from the config, and no producer side', () => {
    const sweep = defineJob({
      queue: 'rides',
      name: 'sweep',
      payload: z.object({}).passthrough(),
      repeat: { everyMs: (config) => config.payments.sweepEveryMs },
      handle: async () => {},
    });
    const config = { payments: { sweepEveryMs: 30_000 } } as Config;
    expect(sweep.repeat.everyMs(config)).toBe(30_000);
    expect(sweep).not.toHaveProperty('enqueue');
  });
});
