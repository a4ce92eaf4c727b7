import { z } from 'zod';
import { millimesAmount } from './money';
import { safeText } from './text';

/** Methods a customer may choose to pay a ride with. CARD exists in the database for a later provider. */
export const RIDE_PAYMENT_METHODS = ['CASH', 'WALLET', 'FLOUCI'] as const;
export const PAYMENT_METHODS = ['CASH', 'WALLET', 'FLOUCI', 'CARD'] as const;
/** HELD: a ride paid before delivery; the money waits in escrow until the ride completes (then SUCCEEDED) or is cancelled (REFUNDED). */
export const PAYMENT_STATUSES = ['PENDING', 'HELD', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
/**
 * A ride's payment as the ride shows it (`ride.payment.status`): NONE (nothing taken yet, or a cash payment
 * waiting for the driver's confirmation), HELD (in escrow), RELEASED (escrow paid out at completion), REFUNDED,
 * PAID (paid after completion, or cash the driver confirmed).
 */
export const RIDE_PAYMENT_STATUSES = ['NONE', 'HELD', 'RELEASED', 'REFUNDED', 'PAID'] as const;
export type RidePaymentStatus = (typeof RIDE_PAYMENT_STATUSES)[number];
export const ridePaymentSchema = z.object({
  status: z.enum(RIDE_PAYMENT_STATUSES),
  method: z.enum(['CASH', 'WALLET', 'FLOUCI', 'CARD']).nullable().describe('Null until a payment is made'),
});
export type RidePayment = z.infer<typeof ridePaymentSchema>;
export const PAYMENT_PURPOSES = ['RIDE', 'TOP_UP'] as const;

export type RidePaymentMethod = (typeof RIDE_PAYMENT_METHODS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The `Idempotency-Key` header: required on every request that moves money. */
export const idempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string({ error: 'The Idempotency-Key header is required' })
    .regex(IDEMPOTENCY_KEY_PATTERN, '8 to 128 characters from A-Z, a-z, 0-9, "_" and "-"')
    .describe(
      'A key the client generates per payment attempt (a UUID works); repeats return the first result',
    ),
});

export const createPaymentSchema = z.object({
  rideId: z.uuid(),
  method: z.enum(RIDE_PAYMENT_METHODS),
});
export type CreatePayment = z.infer<typeof createPaymentSchema>;

/** Top-ups are between 1 TND and 2,000 TND. */
export const TOP_UP_MIN_MILLIMES = 1_000;
export const TOP_UP_MAX_MILLIMES = 2_000_000;

export const createTopUpSchema = z.object({
  amount: millimesAmount({ min: TOP_UP_MIN_MILLIMES, max: TOP_UP_MAX_MILLIMES }).describe(
    'Millimes to add to the caller’s wallet (customer or driver), paid through Flouci',
  ),
});
export type CreateTopUp = z.infer<typeof createTopUpSchema>;

export const paymentSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid().nullable().describe('Null for a wallet top-up'),
  purpose: z.enum(PAYMENT_PURPOSES),
  method: z.enum(PAYMENT_METHODS),
  amount: z.number().int().describe('Millimes'),
  status: z.enum(PAYMENT_STATUSES),
  redirectUrl: z
    .string()
    .nullable()
    .describe(
      'Flouci payments: the page where the payer (customer, or driver topping up) pays; null for cash and wallet',
    ),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
  refundedAt: z
    .string()
    .nullable()
    .describe('When an admin refunded the payment (status REFUNDED) to the customer’s wallet'),
});
export type Payment = z.infer<typeof paymentSchema>;

/** An admin's refund of a succeeded ride payment: always the whole amount, into the customer's wallet. */
export const refundPaymentSchema = z.object({
  reason: safeText({ multiline: true })
    .min(3)
    .max(500)
    .describe('Why the ride is refunded; kept on the payment for audit'),
});
export type RefundPayment = z.infer<typeof refundPaymentSchema>;

/** What admins see of a payment: the payer's view plus who refunded it and why. */
export const adminPaymentSchema = paymentSchema.extend({
  customerId: z.uuid().nullable(),
  driverId: z.uuid().nullable().describe('The payer when a driver tops up; null on ride payments'),
  refundedBy: z.uuid().nullable().describe('The admin who refunded it'),
  refundReason: z.string().nullable(),
  cashConfirmOverdueAt: z
    .string()
    .nullable()
    .optional()
    .describe(
      'Cash declared by the customer and not confirmed by the driver within CASH_CONFIRM_WINDOW_MS: when it was flagged for review; null otherwise',
    ),
});
export type AdminPayment = z.infer<typeof adminPaymentSchema>;

/** What Flouci posts to the webhook. Only the id is read; everything else comes from Flouci's verify call. */
export const flouciWebhookSchema = z.looseObject({
  payment_id: safeText().min(1).max(200),
});

export const flouciWebhookResultSchema = z.object({
  received: z.literal(true),
  status: z.enum(PAYMENT_STATUSES),
});

/** PATCH /api/admin/drivers/:id/cash-cap: this driver's own cap on cash commission owed; null: the default. */
export const setCashCapSchema = z.object({
  capMillimes: z.number().int().min(0).max(100_000_000).nullable(),
});
export type SetCashCap = z.infer<typeof setCashCapSchema>;

/** What a driver owes on cash rides, and the cap past which they take no new cash ride. */
export const cashCommissionSchema = z.object({
  owedMillimes: z.number().int().describe('Commission owed on cash rides: the negative part of the wallet'),
  capMillimes: z
    .number()
    .int()
    .describe('This driver’s cap (an admin’s override, else CASH_COMMISSION_CAP_MILLIMES)'),
  isCapReached: z.boolean(),
  topUp: z
    .object({ amountMillimes: z.number().int() })
    .describe(
      'Prefill for POST /api/wallet/top-ups: the amount that settles what is owed (0 when nothing is)',
    ),
});
export type CashCommission = z.infer<typeof cashCommissionSchema>;

export const driverCashCapSchema = z.object({
  driverId: z.uuid(),
  capMillimes: z.number().int().nullable().describe('The override; null when the default applies'),
  effectiveCapMillimes: z.number().int(),
  owedMillimes: z.number().int(),
});
export type DriverCashCap = z.infer<typeof driverCashCapSchema>;
