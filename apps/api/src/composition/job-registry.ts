import type { FastifyBaseLogger } from 'fastify';
import type { JobDescriptor, JobHandler } from '../jobs/define-job';
import { queuesOf } from '../jobs/handler-registry';
import {
  checkBidsJob,
  DISPATCH_QUEUE,
  dispatchJobHandlers,
  dispatchStepJob,
} from '../modules/dispatch/dispatch.jobs';
import { DOCUMENTS_QUEUE, documentSweepJob } from '../modules/documents/documents.jobs';
import { DRIVERS_QUEUE, presenceSweepJob } from '../modules/drivers/drivers.jobs';
import {
  cashConfirmSweepJob,
  PAYMENTS_QUEUE,
  paymentJobHandlers,
  paymentsSweepJob,
  settlePaymentJob,
} from '../modules/payments/payments.jobs';
import {
  DELIVERY_CODES_QUEUE,
  deliveryCodeJobHandlers,
  deliveryCodeSmsJob,
  deliveryCodeSmsSweepJob,
} from '../modules/proofs/delivery-code-sms.jobs';
import { SUBSCRIPTIONS_QUEUE, subscriptionSweepJob } from '../modules/subscriptions/subscriptions.jobs';
import { orphanUploadSweepJob, UPLOADS_QUEUE } from '../modules/uploads/uploads.jobs';
import type { Services } from './services';

/**
 * Every job of the system, listed explicitly (no directory scanning). The worker must bind exactly one
 * handler to each, and the queue board shows their queues, so a new job cannot run unseen or sit unhandled.
 */
export const JOB_DEFINITIONS: readonly JobDescriptor[] = [
  dispatchStepJob,
  checkBidsJob,
  presenceSweepJob,
  settlePaymentJob,
  paymentsSweepJob,
  cashConfirmSweepJob,
  subscriptionSweepJob,
  documentSweepJob,
  orphanUploadSweepJob,
  deliveryCodeSmsJob,
  deliveryCodeSmsSweepJob,
];

/** Every queue the worker runs: the queue board shows exactly these. */
export const WORKER_QUEUES: readonly string[] = queuesOf(JOB_DEFINITIONS);

/** How each queue's handlers are bound to the services they call, so a process running some queues builds only theirs. */
const HANDLERS_BY_QUEUE: Readonly<
  Record<string, (services: Services, log: FastifyBaseLogger) => JobHandler[]>
> = {
  [DISPATCH_QUEUE]: (services) => dispatchJobHandlers({ dispatch: services.dispatch }),
  [DOCUMENTS_QUEUE]: (services) => [documentSweepJob.handler({ expiry: services.documentExpiry })],
  [DRIVERS_QUEUE]: (services, log) => [presenceSweepJob.handler({ sweep: services.presenceSweep, log })],
  [PAYMENTS_QUEUE]: (services) =>
    paymentJobHandlers({
      settlement: services.paymentSettlement,
      payments: services.reconciliation,
      cash: services.cashConfirmation,
    }),
  [UPLOADS_QUEUE]: (services, log) => [
    orphanUploadSweepJob.handler({ sweep: services.orphanUploadSweep, log }),
  ],
  [SUBSCRIPTIONS_QUEUE]: (services) => [
    subscriptionSweepJob.handler({ subscriptions: services.subscriptions }),
  ],
  [DELIVERY_CODES_QUEUE]: (services) => deliveryCodeJobHandlers({ deliveryCodes: services.deliveryCodes }),
};

/**
 * The handlers of `queues`' jobs, bound to their services (reading a service here is what builds it).
 * `startWorkers` refuses to start when a job of the list has none, or two.
 */
export function bindJobHandlers(
  services: Services,
  log: FastifyBaseLogger,
  queues: readonly string[] = WORKER_QUEUES,
): JobHandler[] {
  return queues.flatMap((queue) => HANDLERS_BY_QUEUE[queue]?.(services, log) ?? []);
}
