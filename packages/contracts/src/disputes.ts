import { z } from 'zod';
import { cursorQuerySchema } from './pagination';
import { safeText } from './text';

const isoDate = z.string().describe('ISO 8601 timestamp, UTC');

export const DISPUTE_REASONS = [
  'DAMAGED_CARGO',
  'MISSING_CARGO',
  'LATE',
  'NO_SHOW',
  'PRICE',
  'PAYMENT',
  'BEHAVIOUR',
  'OTHER',
] as const;
export const disputeReasonSchema = z.enum(DISPUTE_REASONS);
export type DisputeReason = z.infer<typeof disputeReasonSchema>;

export const DISPUTE_STATUSES = ['OPEN', 'RESOLVED', 'REJECTED'] as const;
export const disputeStatusSchema = z.enum(DISPUTE_STATUSES);
export type DisputeStatus = z.infer<typeof disputeStatusSchema>;

/** A ride can be disputed until this long after it ended (completed or cancelled). */
export const DISPUTE_WINDOW_DAYS = 7;

/** Body of POST /api/rides/:id/disputes (docs/TRUST.md#disputes). */
export const createDisputeSchema = z.object({
  reason: disputeReasonSchema,
  description: safeText({ multiline: true }).min(10).max(2000),
  uploadIds: z
    .array(z.uuid())
    .max(10)
    .optional()
    .describe('READY uploads of purpose DISPUTE_EVIDENCE made by the caller, not attached to anything yet'),
});
export type CreateDispute = z.infer<typeof createDisputeSchema>;

export const disputeSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid(),
  openedBy: z.enum(['customer', 'driver']),
  reason: disputeReasonSchema,
  status: disputeStatusSchema,
  description: z
    .string()
    .nullable()
    .describe('Null on the other party’s dispute: each party reads the other’s reason and status only'),
  uploadIds: z.array(z.uuid()).describe('Empty on the other party’s dispute'),
  resolution: z.string().nullable(),
  refundAmount: z.number().int().nullable().describe('Millimes credited to the customer’s wallet'),
  resolvedAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type Dispute = z.infer<typeof disputeSchema>;

export const disputeListSchema = z.object({ items: z.array(disputeSchema) });

/** An admin's view: everything, plus who opened and decided it. */
export const adminDisputeSchema = disputeSchema.extend({
  openedById: z.uuid(),
  description: z.string(),
  resolvedBy: z.uuid().nullable(),
});
export type AdminDispute = z.infer<typeof adminDisputeSchema>;

export const adminDisputesQuerySchema = cursorQuerySchema.extend({
  status: disputeStatusSchema.optional(),
});
export type AdminDisputesQuery = z.infer<typeof adminDisputesQuerySchema>;

export const adminDisputeListSchema = z.object({
  items: z.array(adminDisputeSchema),
  nextCursor: z.string().optional(),
});

/** Body of PATCH /api/admin/disputes/:id. */
export const resolveDisputeSchema = z.object({
  status: z.enum(['RESOLVED', 'REJECTED']),
  resolution: safeText({ multiline: true }).min(3).max(2000),
  refundAmount: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'Millimes credited to the customer’s wallet, at most what they paid for the ride less earlier refunds; RESOLVED only, needs payments.refund',
    ),
});
export type ResolveDispute = z.infer<typeof resolveDisputeSchema>;

export const disputeIdParamsSchema = z.object({ id: z.uuid() });

/** Payload of `dispute:updated`, to both parties' user rooms when a dispute is opened or decided. */
export const disputeEventSchema = z.object({ rideId: z.uuid(), dispute: disputeSchema });
