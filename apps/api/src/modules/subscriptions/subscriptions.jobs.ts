import { z } from 'zod';
import type { JobDefinition } from '../../jobs/job-registry';
import type { SubscriptionsService } from './subscriptions.service';

export const SUBSCRIPTIONS_QUEUE = 'subscriptions';

/** The renewal sweep, run on a BullMQ job scheduler; the sweep itself is safe to run twice. */
export function subscriptionJobs(deps: {
  subscriptions: SubscriptionsService;
  sweepEveryMs: number;
}): JobDefinition[] {
  return [
    {
      queue: SUBSCRIPTIONS_QUEUE,
      name: 'subscription-sweep',
      payload: z.object({}).passthrough(),
      repeatEveryMs: deps.sweepEveryMs,
      handle: async () => {
        await deps.subscriptions.sweep();
      },
    },
  ];
}
