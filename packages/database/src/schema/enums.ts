import {
  ADMIN_ROLES,
  DRIVER_VERIFICATION_STATUSES,
  RIDE_STATUSES,
  ROLES,
  VEHICLE_TYPES,
} from '@truck4u/contracts';
import { pgEnum } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('user_role', ROLES);
export const adminRoleEnum = pgEnum('admin_role', ADMIN_ROLES);
export const vehicleTypeEnum = pgEnum('vehicle_type', VEHICLE_TYPES);
export const driverVerificationStatusEnum = pgEnum(
  'driver_verification_status',
  DRIVER_VERIFICATION_STATUSES,
);
export const customerTypeEnum = pgEnum('customer_type', ['B2C', 'B2B']);
export const rideStatusEnum = pgEnum('ride_status', RIDE_STATUSES);
export const bidStatusEnum = pgEnum('bid_status', [
  'PENDING',
  'ACCEPTED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
  'COUNTERED',
  'DECLINED',
]);
export const otpPurposeEnum = pgEnum('otp_purpose', ['LOGIN', 'PASSWORD_RESET']);
export const paymentMethodEnum = pgEnum('payment_method', ['CASH', 'WALLET', 'FLOUCI', 'CARD']);
// HELD (0016): a ride paid before delivery, its money in ESCROW until the ride completes or is cancelled.
export const paymentStatusEnum = pgEnum('payment_status', [
  'PENDING',
  'SUCCEEDED',
  'FAILED',
  'REFUNDED',
  'HELD',
]);
export const ledgerAccountKindEnum = pgEnum('ledger_account_kind', [
  'CUSTOMER_WALLET',
  'DRIVER_WALLET',
  'PLATFORM_REVENUE',
  'SUBSCRIPTION_REVENUE',
  'CASH_CLEARING',
  'FLOUCI_CLEARING',
  // 0016: money of rides paid before delivery, owed to the driver at completion or to the customer on cancellation.
  'ESCROW',
]);
export const subscriptionStatusEnum = pgEnum('subscription_status', [
  'ACTIVE',
  'PAST_DUE',
  'CANCELLED',
  'EXPIRED',
]);
