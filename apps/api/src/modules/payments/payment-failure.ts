import type { PaymentStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { findPayment, type PaymentRow, setRidePayment, updatePendingPayment } from './payments.repository';

/**
 * Marks a PENDING payment FAILED with its reason, which frees its ride for another attempt. Returns the
 * payment's status afterwards: another path (settlement, the webhook) may have decided it first.
 */
export async function failPendingPayment(
  db: Database,
  payment: PaymentRow,
  reason: string,
  rideSnapshots?: Pick<RideSnapshotInvalidation, 'rides'>,
): Promise<PaymentStatus> {
  const row = await updatePendingPayment(db, payment.id, {
    status: 'FAILED',
    providerData: { failureReason: reason },
  });
  if (row) {
    // The ride shows no payment again: another attempt may follow.
    if (row.purpose === 'RIDE' && row.rideId) {
      await setRidePayment(db, row.rideId, { status: 'NONE', method: null });
      await rideSnapshots?.rides(row.rideId);
    }
    return 'FAILED';
  }
  return (await findPayment(db, payment.id))?.status ?? payment.status;
}
