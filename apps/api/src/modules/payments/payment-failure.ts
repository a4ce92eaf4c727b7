import type { PaymentStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { findPayment, type PaymentRow, updatePendingPayment } from './payments.repository';

/**
 * Marks a PENDING payment FAILED with its reason, which frees its ride for another attempt. Returns the
 * payment's status afterwards: another path (settlement, the webhook) may have decided it first.
 */
export async function failPendingPayment(
  db: Database,
  payment: PaymentRow,
  reason: string,
): Promise<PaymentStatus> {
  const row = await updatePendingPayment(db, payment.id, {
    status: 'FAILED',
    providerData: { failureReason: reason },
  });
  if (row) return 'FAILED';
  return (await findPayment(db, payment.id))?.status ?? payment.status;
}
