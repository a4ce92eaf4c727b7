import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';
import type { DeliveryCodeService } from './delivery-code.service';

export const DELIVERY_CODES_QUEUE = 'delivery-codes';
export const DELIVERY_CODE_SMS_JOB = 'delivery-code-sms';

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
