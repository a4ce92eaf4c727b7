import type { Executor } from '@truck4u/database';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '@truck4u/database';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';

export type PlatformAccountKind =
  | 'PLATFORM_REVENUE'
  | 'SUBSCRIPTION_REVENUE'
  | 'CASH_CLEARING'
  | 'FLOUCI_CLEARING'
  /** Money of rides paid before delivery (docs/MONEY.md, Held payments); never below zero. */
  | 'ESCROW';

export type AccountRef =
  | { kind: 'CUSTOMER_WALLET'; ownerId: string }
  | { kind: 'DRIVER_WALLET'; ownerId: string }
  | { kind: PlatformAccountKind };

export interface Posting {
  /** Machine-readable kind, e.g. RIDE_PAYMENT, TOP_UP, CASH_COMMISSION, REFUND, SUBSCRIPTION. */
  kind: string;
  /** What a person reads in the wallet history. */
  description: string;
  /** Posting twice with the same key posts once: retries and duplicate jobs are harmless. */
  idempotencyKey: string;
  rideId?: string | null;
  paymentId?: string | null;
  entries: { account: AccountRef; amount: number }[];
}

export const customerWallet = (ownerId: string): AccountRef => ({ kind: 'CUSTOMER_WALLET', ownerId });
export const driverWallet = (ownerId: string): AccountRef => ({ kind: 'DRIVER_WALLET', ownerId });
export const ESCROW: AccountRef = { kind: 'ESCROW' };

const CHECK_VIOLATION = '23514';

/** Returns the account's id, opening a wallet account on first use. */
export async function resolveAccount(tx: Executor, account: AccountRef): Promise<string> {
  const ownerId = 'ownerId' in account ? account.ownerId : null;
  const ownerRole =
    account.kind === 'CUSTOMER_WALLET' ? 'customer' : account.kind === 'DRIVER_WALLET' ? 'driver' : null;
  // ESCROW is opened on first use too: its enum value came in a migration that could not insert a row with it.
  if (ownerId || account.kind === 'ESCROW') {
    await tx.insert(ledgerAccounts).values({ kind: account.kind, ownerId, ownerRole }).onConflictDoNothing();
  }
  const [row] = await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, account.kind),
        ownerId ? eq(ledgerAccounts.ownerId, ownerId) : isNull(ledgerAccounts.ownerId),
      ),
    );
  if (!row) throw new Error(`ledger account ${account.kind} is missing; the migrations insert it`);
  return row.id;
}

/**
 * Posts one balanced transaction. Must run inside a database transaction (the zero-sum check runs at
 * commit). Returns `created: false` when a transaction with the same idempotency key already exists.
 */
export async function postTransaction(
  tx: Executor,
  posting: Posting,
): Promise<{ id: string; created: boolean }> {
  const total = posting.entries.reduce((sum, e) => sum + e.amount, 0);
  if (
    posting.entries.length < 2 ||
    total !== 0 ||
    posting.entries.some((e) => !Number.isSafeInteger(e.amount) || e.amount === 0)
  ) {
    // A programming error, never user input: the database would refuse it too.
    throw new Error(`unbalanced posting ${posting.kind}: ${JSON.stringify(posting.entries)}`);
  }
  const [inserted] = await tx
    .insert(ledgerTransactions)
    .values({
      kind: posting.kind,
      description: posting.description,
      idempotencyKey: posting.idempotencyKey,
      rideId: posting.rideId ?? null,
      paymentId: posting.paymentId ?? null,
    })
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
  if (!inserted) {
    const [existing] = await tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.idempotencyKey, posting.idempotencyKey));
    if (!existing) throw new Error('idempotent posting vanished');
    return { id: existing.id, created: false };
  }
  // Accounts are resolved (and their rows locked by the balance update) in a fixed order, so two postings
  // touching the same accounts cannot deadlock.
  // One query at a time: a transaction is one connection, and pg refuses overlapping queries on a client
  // (deprecated now, an error in pg 9).
  const resolved: { account: AccountRef; amount: number; accountId: string }[] = [];
  for (const e of posting.entries) resolved.push({ ...e, accountId: await resolveAccount(tx, e.account) });
  resolved.sort((a, b) => a.accountId.localeCompare(b.accountId));
  try {
    for (const entry of resolved) {
      await tx
        .insert(ledgerEntries)
        .values({ transactionId: inserted.id, accountId: entry.accountId, amount: entry.amount });
    }
  } catch (error) {
    if (isCheckViolation(error, 'ledger_accounts_customer_not_overdrawn')) {
      throw new AppError(
        'INSUFFICIENT_FUNDS',
        'The wallet balance is too low for this payment; top it up first',
      );
    }
    throw error;
  }
  return { id: inserted.id, created: true };
}

/** The lines a transaction posted, by its idempotency key; null when nothing was posted under that key. */
export async function postedLines(
  tx: Executor,
  idempotencyKey: string,
): Promise<{ account: AccountRef; amount: number }[] | null> {
  const [transaction] = await tx
    .select({ id: ledgerTransactions.id })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.idempotencyKey, idempotencyKey));
  if (!transaction) return null;
  const rows = await tx
    .select({ kind: ledgerAccounts.kind, ownerId: ledgerAccounts.ownerId, amount: ledgerEntries.amount })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(eq(ledgerEntries.transactionId, transaction.id))
    .orderBy(ledgerEntries.id);
  return rows.map(({ kind, ownerId, amount }) => {
    if (kind === 'CUSTOMER_WALLET' || kind === 'DRIVER_WALLET') {
      if (!ownerId) throw new Error(`wallet account of kind ${kind} without an owner`);
      return { account: { kind, ownerId }, amount };
    }
    return { account: { kind }, amount };
  });
}

export async function balanceOf(tx: Executor, account: AccountRef): Promise<number> {
  const ownerId = 'ownerId' in account ? account.ownerId : null;
  const [row] = await tx
    .select({ balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, account.kind),
        ownerId ? eq(ledgerAccounts.ownerId, ownerId) : isNull(ledgerAccounts.ownerId),
      ),
    );
  return row?.balance ?? 0;
}

/** Sum of all entries ever posted; zero by construction. Used by tests and the admin stats. */
export async function ledgerTotal(tx: Executor): Promise<number> {
  const result = await tx.execute<{ total: string | null }>(
    sql`SELECT COALESCE(SUM(amount), 0)::bigint AS total FROM ledger_entries`,
  );
  return Number(result.rows[0]?.total ?? 0);
}

function isCheckViolation(error: unknown, constraint: string): boolean {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some(
    (e) =>
      (e as { code?: string })?.code === CHECK_VIOLATION &&
      (e as { constraint?: string })?.constraint === constraint,
  );
}
