import type { Executor } from '@truck4u/database';

/** One admin action, as the admin audit log keeps it (docs/SECURITY.md#admin-roles). */
export interface AdminActionRecord {
  adminId: string;
  /** The permission-style name of what was done, e.g. `payments.refund`. */
  action: string;
  targetType: 'ride' | 'customer' | 'driver' | 'admin' | 'payment' | 'commission' | 'document' | 'dispute';
  targetId: string;
  before: unknown;
  after: unknown;
}

/**
 * Writes an admin action to the audit log inside the caller's transaction (modules/admin implements it).
 * Declared in the kernel so that modules below admin (payments, commissions) can record their admin actions
 * without depending on it.
 */
export type AdminActionRecorder = (tx: Executor, record: AdminActionRecord) => Promise<void>;
