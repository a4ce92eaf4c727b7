import { GOVERNORATES, type PLAN_CODES } from '@truck4u/contracts';
import { sql } from 'drizzle-orm';
import type { Database } from './client';

/**
 * Reference data the product cannot run without. Migration drizzle/0010_reference_data.sql inserts these
 * rows (with the 24 GOVERNORATES from contracts), so a database that is only migrated is usable; the
 * constants here are what the readiness check and a test compare the database against. A change to any
 * of them needs a new migration, and that test fails until it exists.
 */
export const DEFAULT_COMMISSION_BPS = 1500;

/** The platform's own ledger accounts (no owner); postings to them fail if they are missing. */
export const PLATFORM_ACCOUNT_KINDS = [
  'PLATFORM_REVENUE',
  'SUBSCRIPTION_REVENUE',
  'CASH_CLEARING',
  'FLOUCI_CLEARING',
] as const;

export const SUBSCRIPTION_PLANS: readonly {
  code: (typeof PLAN_CODES)[number];
  name: string;
  monthlyPrice: number;
  commissionRateBps: number;
  benefits: readonly string[];
  hasPriorityDispatch: boolean;
  sortOrder: number;
}[] = [
  {
    code: 'STARTER',
    name: 'Starter',
    monthlyPrice: 49_000,
    commissionRateBps: 1000,
    benefits: ['Reduced 10% commission', 'Monthly statement'],
    hasPriorityDispatch: false,
    sortOrder: 1,
  },
  {
    code: 'BUSINESS',
    name: 'Business',
    monthlyPrice: 149_000,
    commissionRateBps: 800,
    benefits: ['8% commission', 'Priority dispatch to top-rated drivers', 'Monthly invoice'],
    hasPriorityDispatch: true,
    sortOrder: 2,
  },
  {
    code: 'ENTERPRISE',
    name: 'Enterprise',
    monthlyPrice: 449_000,
    commissionRateBps: 600,
    benefits: [
      '6% commission',
      'Priority dispatch to top-rated drivers',
      'Monthly invoice',
      'Account manager',
    ],
    hasPriorityDispatch: true,
    sortOrder: 3,
  },
];

/**
 * What reference data the database lacks, one line per table ("governorates: 24 of 24 missing"); empty
 * when all is there. One round trip. Governorate commission rows are not checked: without one a ride
 * uses the default rate, so the product still works.
 */
export async function findMissingReferenceData(db: Database): Promise<string[]> {
  let present: { governorates: string[]; plans: string[]; accounts: string[] };
  try {
    const result = await db.execute<typeof present>(sql`
      SELECT ARRAY(SELECT code FROM governorates) AS governorates,
             ARRAY(SELECT code FROM subscription_plans) AS plans,
             ARRAY(SELECT kind::text FROM ledger_accounts WHERE owner_id IS NULL) AS accounts`);
    present = result.rows[0] ?? { governorates: [], plans: [], accounts: [] };
  } catch (error) {
    if (isUndefinedTable(error)) return ['the tables do not exist: the database is not migrated'];
    throw error;
  }
  const missing: string[] = [];
  const report = (what: string, expected: readonly string[], found: readonly string[]) => {
    const absent = expected.filter((code) => !found.includes(code));
    if (absent.length === 0) return;
    const list = absent.length > 5 ? `${absent.slice(0, 5).join(', ')}, …` : absent.join(', ');
    missing.push(`${what}: ${absent.length} of ${expected.length} missing (${list})`);
  };
  report(
    'governorates',
    GOVERNORATES.map((g) => g.code),
    present.governorates,
  );
  report(
    'subscription plans',
    SUBSCRIPTION_PLANS.map((p) => p.code),
    present.plans,
  );
  report('platform ledger accounts', PLATFORM_ACCOUNT_KINDS, present.accounts);
  return missing;
}

function isUndefinedTable(error: unknown): boolean {
  const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;
  return codeOf(error) === '42P01' || codeOf((error as { cause?: unknown } | null)?.cause) === '42P01';
}

/** Throws, naming what is missing, unless the migrations' reference data is present. */
export async function assertReferenceData(db: Database): Promise<void> {
  const missing = await findMissingReferenceData(db);
  if (missing.length > 0)
    throw new Error(
      `reference data is missing: ${missing.join('; ')}. The migrations insert it: run npm run db:migrate`,
    );
}
