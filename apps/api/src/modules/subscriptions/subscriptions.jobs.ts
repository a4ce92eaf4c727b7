import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';
import type { SubscriptionsService } from './subscriptions.service';

export const SUBSCRIPTIONS_QUEUE = 'subscriptions';

/** The renewal sweep, on a BullMQ job scheduler every SUBSCRIPTION_SWEEP_EVERY_MS; safe to run twice. */
export const subscriptionSweepJob = defineJob({
  queue: SUBSCRIPTIONS_QUEUE,
  name: 'subscription-sweep',
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.subscriptions.sweepEveryMs },
  handle: (_payload, deps: { subscriptions: SubscriptionsService }) => deps.subscriptions.sweep(),
});
