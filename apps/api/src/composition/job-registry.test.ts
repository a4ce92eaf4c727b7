import { describe, expect, it } from 'vitest';
import { checkBidsJob, dispatchStepJob } from '../modules/dispatch/dispatch.jobs';
import { settlePaymentJob } from '../modules/payments/payments.jobs';
import { deliveryCodeSmsJob } from '../modules/proofs/delivery-code-sms.jobs';
import { JOB_DEFINITIONS, WORKER_QUEUES } from './job-registry';

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
      'payments/cash-confirm-sweep',
      'subscriptions/subscription-sweep',
      'documents/document-sweep',
      'uploads/orphan-upload-sweep',
      'delivery-codes/delivery-code-sms',
      'delivery-codes/delivery-code-sms-sweep',
    ]);
    expect(WORKER_QUEUES).toEqual([
      'ride-dispatch',
      'drivers',
      'payments',
      'subscriptions',
      'documents',
      'uploads',
      'delivery-codes',
    ]);
  });

  it('repeats the sweeps on a job scheduler, and only them', () => {
    expect(JOB_DEFINITIONS.filter((d) => d.repeat).map((d) => d.name)).toEqual([
      'presence-sweep',
      'payments-sweep',
      'cash-confirm-sweep',
      'subscription-sweep',
      'document-sweep',
      'orphan-upload-sweep',
      'delivery-code-sms-sweep',
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
    // A held payment's release needs its own id: the hold's run keeps the plain one for a day.
    expect(settlePaymentJob.jobId({ paymentId: rideId, release: true })).toBe(
      `settle-payment_${rideId}_release`,
    );
    // A replaced code is a new nonce, so its retries are a job of their own.
    expect(deliveryCodeSmsJob.options).toEqual({ attempts: 12, backoff: exponential, ...retention });
    expect(deliveryCodeSmsJob.jobId({ rideId, nonce: 'aBcD-eFgH_iJkLmNoPqRsT' })).toBe(
      `delivery-code-sms_${rideId}_aBcD-eFgH_iJkLmNoPqRsT`,
    );
  });
});
