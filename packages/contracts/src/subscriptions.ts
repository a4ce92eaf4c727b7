import { z } from 'zod';

export const PLAN_CODES = ['STARTER', 'BUSINESS', 'ENTERPRISE'] as const;
export const planCodeSchema = z.enum(PLAN_CODES);

export const planSchema = z.object({
  code: planCodeSchema,
  name: z.string(),
  monthlyPrice: z.number().int().describe('Millimes per month'),
  commissionRateBps: z.number().int().describe('Commission on rides while subscribed; 800 = 8%'),
  benefits: z.array(z.string()),
  hasPriorityDispatch: z.boolean().describe('Requests go to the best-rated verified drivers first'),
});
export type Plan = z.infer<typeof planSchema>;

export const SUBSCRIPTION_STATUSES = ['ACTIVE', 'PAST_DUE', 'CANCELLED', 'EXPIRED'] as const;

export const subscriptionSchema = z.object({
  id: z.uuid(),
  plan: planSchema,
  status: z.enum(SUBSCRIPTION_STATUSES),
  currentPeriodStart: z.string(),
  currentPeriodEnd: z.string(),
  cancelAtPeriodEnd: z.boolean(),
  pastDueSince: z.string().nullable(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const subscribeSchema = z.object({ planCode: planCodeSchema });

/** A statement month, YYYY-MM. Years are 2000 to 2999: year 0 or 10000 is a typo, and Date cannot hold some. */
export const invoiceMonthSchema = z
  .string()
  .regex(/^2\d{3}-(0[1-9]|1[0-2])$/, 'Month as YYYY-MM, year 2000 to 2999 and month 01 to 12');
