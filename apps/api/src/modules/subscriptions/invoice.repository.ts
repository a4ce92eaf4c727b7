import type { Executor } from '@truck4u/database';
import { customers } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';

export type CustomerRow = typeof customers.$inferSelect;

export interface CompletedRideRow {
  id: string;
  completedAt: Date;
  pickupAddress: string;
  dropoffAddress: string;
  vehicleType: string;
  price: number;
  /** The rate fixed on the ride at acceptance; null for rides from before rates were fixed. */
  rateBps: number | null;
}

export interface SubscriptionChargeRow {
  description: string;
  amount: number;
  createdAt: Date;
}

// `month` is YYYY-MM; it runs from midnight on the 1st to midnight on the next 1st, Tunis time.
const monthStart = (month: string) => sql`(${`${month}-01`}::date)::timestamp AT TIME ZONE 'Africa/Tunis'`;
const monthEnd = (month: string) =>
  sql`((${`${month}-01`}::date + interval '1 month'))::timestamp AT TIME ZONE 'Africa/Tunis'`;

export async function findCustomer(db: Executor, customerId: string): Promise<CustomerRow | null> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  return customer ?? null;
}

/** The customer's rides completed in `month`, with a price, oldest first. */
export async function findCompletedRidesInMonth(
  db: Executor,
  customerId: string,
  month: string,
): Promise<CompletedRideRow[]> {
  const result = await db.execute<{
    id: string;
    completed_at: Date;
    pickup_address: string;
    dropoff_address: string;
    vehicle_type: string;
    price: string;
    rate: number | null;
  }>(sql`
    SELECT id, completed_at, pickup_address, dropoff_address, vehicle_type, price, commission_rate_bps AS rate
    FROM rides
    WHERE customer_id = ${customerId} AND status = 'COMPLETED' AND price IS NOT NULL
      AND completed_at >= ${monthStart(month)}
      AND completed_at < ${monthEnd(month)}
    ORDER BY completed_at`);
  return result.rows.map((r) => ({
    id: r.id,
    completedAt: new Date(r.completed_at),
    pickupAddress: r.pickup_address,
    dropoffAddress: r.dropoff_address,
    vehicleType: r.vehicle_type,
    price: Number(r.price),
    rateBps: r.rate,
  }));
}

/** Subscription charges taken from the customer's wallet in `month`, oldest first, as positive amounts. */
export async function findSubscriptionChargesInMonth(
  db: Executor,
  customerId: string,
  month: string,
): Promise<SubscriptionChargeRow[]> {
  const result = await db.execute<{ description: string; amount: string; created_at: Date }>(sql`
    SELECT t.description, -e.amount AS amount, t.created_at
    FROM ledger_entries e
    JOIN ledger_accounts a ON a.id = e.account_id
    JOIN ledger_transactions t ON t.id = e.transaction_id
    WHERE a.kind = 'CUSTOMER_WALLET' AND a.owner_id = ${customerId} AND t.kind = 'SUBSCRIPTION'
      AND t.created_at >= ${monthStart(month)}
      AND t.created_at < ${monthEnd(month)}
    ORDER BY t.created_at`);
  return result.rows.map((r) => ({
    description: r.description,
    amount: Number(r.amount),
    createdAt: new Date(r.created_at),
  }));
}
