import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkBidsJob, dispatchStepJob } from '../modules/dispatch/dispatch.jobs';
import { settlePaymentJob } from '../modules/payments/payments.jobs';
import { defineJob } from './define-job';
import { createJobRegistry, JOB_DEFINITIONS, WORKER_QUEUES } from './job-registry';

function job(queue: string, name: string) {
  return defineJob({
    queue,
    name,
    payload: z.object({ id: z.string() }),
    options: { attempts: 1 },
    jobId: ({ id }) => `${name}_${id}`,
    handle: async () => {},
  });
}

describe('createJobRegistry', () => {
  const step = job('dispatch', 'step');
  const check = job('dispatch', 'check');
  const settle = job('payments', 'settle');

  it('groups one handler per job by queue and name', () => {
    const handlers = [step.handler({}), check.handler({}), settle.handler({})];
    const registry = createJobRegistry([step, check, settle], handlers);
    expect([...registry.keys()]).toEqual(['dispatch', 'payments']);
    expect([...(registry.get('dispatch')?.keys() ?? [])]).toEqual(['step', 'check']);
    expect(registry.get('payments')?.get('settle')).toBe(handlers[2]);
  });

  it('fails when two handlers claim one job', () => {
    expect(() =>
      createJobRegistry([step, check], [step.handler({}), check.handler({}), step.handler({})]),
    ).toThrow('job dispatch/step has two handlers');
  });

  it('fails when a listed job has no handler, naming every one', () => {
    expect(() => createJobRegistry([step, check, settle], [check.handler({})])).toThrow(
      'Job registry: job dispatch/step has no handler; job payments/settle has no handler',
    );
  });

  it('fails when a handler’s job is not in the list', () => {
    expect(() => createJobRegistry([step], [step.handler({}), settle.handler({})])).toThrow(
      'job payments/settle has a handler but is not in the job list',
    );
  });

  it('fails when two definitions claim one queue and name', () => {
    const copy = job('dispatch', 'step');
    expect(() => createJobRegistry([step, copy], [step.handler({})])).toThrow(
      'job dispatch/step is defined twice',
    );
    expect(() => createJobRegistry([step], [copy.handler({})])).toThrow(
      /dispatch\/step has a handler but is not/,
    );
  });
});

describe('JOB_DEFINITIONS', () => {
  it('names each queue and job once, and the worker queues are theirs', () => {
    const keys = JOB_DEFINITIONS.map((d) => `${d.queue}/${d.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([
      'ride-dispatch/dispatch-step',
      'ride-dispatch/check-bids',
      'drivers/presence-sweep',
      'payments/settle-payment',
      'payments/payments-sweep',
      'subscriptions/subscription-sweep',
    ]);
    expect(WORKER_QUEUES).toEqual(['ride-dispatch', 'drivers', 'payments', 'subscriptions']);
  });

  it('repeats the three sweeps on a job scheduler, and only them', () => {
    expect(JOB_DEFINITIONS.filter((d) => d.repeat).map((d) => d.name)).toEqual([
      'presence-sweep',
      'payments-sweep',
      'subscription-sweep',
    ]);
  });

  it('keeps the dispatch and settlement jobs’ durability: deterministic ids, attempts, backoff, retention', () => {
    const rideId = '0b6d1a52-4a3e-4c1f-9a51-2f3c8d0e7a10';
    const retention = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };
    const exponential = { type: 'exponential', delay: 1_000 };
    for (const dispatchJob of [dispatchStepJob, checkBidsJob]) {
      expect(dispatchJob.options).toEqual({ attempts: 3, backoff: exponential, ...retention });
    }
    expect(dispatchStepJob.jobId({ rideId, round: 1, step: 2 })).toBe(`dispatch-step_${rideId}_r1_s2`);
    expect(checkBidsJob.jobId({ rideId, round: 0, step: 1, bidsExpireAt: 1_700_000_000_000 })).toBe(
      `check-bids_${rideId}_r0_s1_e1700000000000`,
    );
    expect(settlePaymentJob.options).toEqual({ attempts: 5, backoff: exponential, ...retention });
    expect(settlePaymentJob.jobId({ paymentId: rideId })).toBe(`settle-payment_${rideId}`);
  });
});
