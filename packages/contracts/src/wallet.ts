import { z } from 'zod';
import { cashCommissionSchema } from './payments';

export const walletSchema = z.object({
  balance: z
    .number()
    .int()
    .describe('Millimes; a driver balance below zero is commission owed on cash rides'),
  currency: z.literal('TND'),
  /** For drivers: the lowest balance at which they may still go online. */
  minimumBalanceToGoOnline: z.number().int().optional(),
  /** For drivers: commission owed on cash rides against their cap (docs/MONEY.md, Cash). */
  cashCommission: cashCommissionSchema.optional(),
});
export type Wallet = z.infer<typeof walletSchema>;

export const walletTransactionSchema = z.object({
  id: z.number().int().describe('Entry id; also the pagination cursor'),
  transactionId: z.uuid(),
  kind: z
    .string()
    .describe('RIDE_PAYMENT, TOP_UP, CASH_COMMISSION, REFUND, SUBSCRIPTION, CANCELLATION_FEE, ...'),
  label: z.string().describe('Human-readable line for the wallet history'),
  amount: z.number().int().describe('Millimes; positive credits the wallet, negative debits it'),
  balanceAfter: z.number().int(),
  rideId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type WalletTransaction = z.infer<typeof walletTransactionSchema>;

export const earningsTotalsSchema = z.object({
  rides: z.number().int(),
  gross: z.number().int(),
  commission: z.number().int(),
  net: z.number().int(),
});

export const earningsSchema = z.object({
  currency: z.literal('TND'),
  timezone: z.literal('Africa/Tunis'),
  today: earningsTotalsSchema,
  week: earningsTotalsSchema.describe('Since Monday 00:00, Tunis time'),
  month: earningsTotalsSchema.describe('Since the 1st, 00:00 Tunis time'),
  cashCommission: cashCommissionSchema.optional().describe('Commission owed on cash rides, against the cap'),
  rides: z
    .array(
      z.object({
        rideId: z.uuid(),
        completedAt: z.string(),
        gross: z.number().int(),
        commissionRateBps: z.number().int(),
        commission: z.number().int(),
        net: z.number().int(),
      }),
    )
    .describe(
      'Completed rides of this week and this month (a week may begin in the previous month), newest first',
    ),
});
export type Earnings = z.infer<typeof earningsSchema>;
