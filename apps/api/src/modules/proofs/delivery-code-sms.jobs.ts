import { z } from 'zod';
import { defineJob, type JobHandler } from '../../jobs/define-job';
import type { DeliveryCodeService } from './delivery-code.service';

export const DELIVERY_CODES_QUEUE = 'delivery-codes';
export const DELIVERY_CODE_SMS_JOB = 'delivery-code-sms';
export const DELIVERY_CODE_SMS_SWEEP_JOB = 'delivery-code-sms-sweep';

/** Which code's SMS: the ride and the code's nonce, so a replaced code's job stops (the new code has its own). */
export const deliveryCodeSmsPayloadSchema = z.object({
  rideId: z.uuid(),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type DeliveryCodeSmsPayload = z.infer<typeof deliveryCodeSmsPayloadSchema>;

/**
 * Texts the recipient their delivery code again after a send failed (the provider was down). Backoff from 1 s
 * doubling, 12 attempts: about an hour of retries, longer than most rides are in transit. The SMS claim in
 * the database, not this job, makes sure a code is texted at most once.
 */
export const deliveryCodeSmsJob = defineJob({
  queue: DELIVERY_CODES_QUEUE,
  name: DELIVERY_CODE_SMS_JOB,
  payload: deliveryCodeSmsPayloadSchema,
  options: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  jobId: ({ rideId, nonce }) => `${DELIVERY_CODE_SMS_JOB}_${rideId}_${nonce}`,
  handle: ({ rideId, nonce }, deps: { deliveryCodes: DeliveryCodeService }) =>
    deps.deliveryCodes.retrySms(rideId, nonce),
});

/**
 * Finds codes that were never texted and that no send or retry is taking care of (the process died between
 * the commit and the send, or mid-send) and queues their retry; on a job scheduler every
 * DELIVERY_CODE_SMS_SWEEP_EVERY_MS. Safe to run twice: the retry job's id is per code.
 */
export const deliveryCodeSmsSweepJob = defineJob({
  queue: DELIVERY_CODES_QUEUE,
  name: DELIVERY_CODE_SMS_SWEEP_JOB,
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.trust.deliveryCodeSmsSweepEveryMs },
  handle: (_payload, deps: { deliveryCodes: DeliveryCodeService }) => deps.deliveryCodes.sweepUnsent(),
});

/** The `delivery-codes` queue's handlers: the retry and the sweep. */
export function deliveryCodeJobHandlers(deps: { deliveryCodes: DeliveryCodeService }): JobHandler[] {
  return [deliveryCodeSmsJob.handler(deps), deliveryCodeSmsSweepJob.handler(deps)];
}
