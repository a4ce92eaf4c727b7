import type { Executor } from '@truck4u/database';
import {
  commissionAudit,
  governorateCommissions,
  governorates,
  subscriptionPlans,
  subscriptions,
} from '@truck4u/database';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';

export interface GovernorateCommissionRow {
  code: string;
  name: string;
  rateBps: number;
  isActive: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

export type CommissionAuditRow = typeof commissionAudit.$inferSelect;
type GovernorateCommission = typeof governorateCommissions.$inferSelect;

/** The commission rate of the customer's live plan (ACTIVE or PAST_DUE, period not over); null without one. */
export async function findLivePlanRate(db: Executor, customerId: string): Promise<number | null> {
  const [plan] = await db
    .select({ rateBps: subscriptionPlans.commissionRateBps })
    .from(subscriptions)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE']),
        gt(subscriptions.currentPeriodEnd, sql`now()`),
      ),
    )
    .limit(1);
  return plan?.rateBps ?? null;
}

/** The governorate's own rate if an admin set one and it is active; null otherwise. */
export async function findActiveGovernorateRate(
  db: Executor,
  governorateCode: string,
): Promise<number | null> {
  const [governorate] = await db
    .select({ rateBps: governorateCommissions.rateBps })
    .from(governorateCommissions)
    .where(
      and(
        eq(governorateCommissions.governorateCode, governorateCode),
        eq(governorateCommissions.isActive, true),
      ),
    );
  return governorate?.rateBps ?? null;
}

/** Every governorate, with `defaultRateBps` (inactive) for those without a rate of their own. */
export function listGovernorateCommissions(
  db: Executor,
  defaultRateBps: number,
): Promise<GovernorateCommissionRow[]> {
  return selectGovernorateCommissions(db, defaultRateBps).orderBy(governorates.code);
}

export async function findGovernorateCommission(
  db: Executor,
  code: string,
  defaultRateBps: number,
): Promise<GovernorateCommissionRow | null> {
  const [row] = await selectGovernorateCommissions(db, defaultRateBps).where(eq(governorates.code, code));
  return row ?? null;
}

/** Locks the governorate's rate row, if it has one, so the audit records the value it replaces. */
export async function lockGovernorateCommission(
  tx: Executor,
  code: string,
): Promise<GovernorateCommission | null> {
  const [current] = await tx
    .select()
    .from(governorateCommissions)
    .where(eq(governorateCommissions.governorateCode, code))
    .for('update');
  return current ?? null;
}

export async function upsertGovernorateCommission(
  tx: Executor,
  values: { governorateCode: string; rateBps: number; isActive: boolean; updatedBy: string },
): Promise<void> {
  await tx
    .insert(governorateCommissions)
    .values(values)
    .onConflictDoUpdate({
      target: governorateCommissions.governorateCode,
      set: {
        rateBps: values.rateBps,
        isActive: values.isActive,
        updatedBy: values.updatedBy,
        updatedAt: sql`now()`,
      },
    });
}

export async function insertCommissionAudit(
  tx: Executor,
  values: typeof commissionAudit.$inferInsert,
): Promise<void> {
  await tx.insert(commissionAudit).values(values);
}

/** The newest `limit` audit entries, newest first. */
export function listCommissionAudit(db: Executor, limit: number): Promise<CommissionAuditRow[]> {
  return db.select().from(commissionAudit).orderBy(desc(commissionAudit.id)).limit(limit);
}

function selectGovernorateCommissions(db: Executor, defaultRateBps: number) {
  return db
    .select({
      code: governorates.code,
      name: governorates.name,
      rateBps: sql<number>`COALESCE(${governorateCommissions.rateBps}, ${defaultRateBps})`.mapWith(Number),
      isActive: sql<boolean>`COALESCE(${governorateCommissions.isActive}, false)`,
      updatedAt: sql<Date>`COALESCE(${governorateCommissions.updatedAt}, now())`.mapWith(
        (v: string | Date) => new Date(v),
      ),
      updatedBy: governorateCommissions.updatedBy,
    })
    .from(governorates)
    .leftJoin(governorateCommissions, eq(governorateCommissions.governorateCode, governorates.code))
    .$dynamic();
}
