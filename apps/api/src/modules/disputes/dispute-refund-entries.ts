import { formatTnd } from '@truck4u/contracts';
import { type AccountRef, customerWallet, driverWallet } from '../wallet/ledger';

export interface DisputeRefundInput {
  /** Millimes given back to the customer. */
  refund: number;
  /** The ride payment's amount: the price the customer paid. */
  paid: number;
  /** The commission the payment's settlement credited the platform. */
  commission: number;
  customerId: string;
  driverId: string;
}

/**
 * The ledger lines of a dispute refund (docs/TRUST.md#disputes): the customer's wallet gets `refund`, taken
 * from the driver and the platform in the proportion the settlement split the price (the platform gives
 * back its commission share, rounded down; the driver the rest). A full refund is thus exactly the reverse
 * of a wallet settlement's split.
 */
export function disputeRefundEntries(input: DisputeRefundInput): {
  description: string;
  entries: { account: AccountRef; amount: number }[];
} {
  const { refund, paid, commission } = input;
  if (!Number.isSafeInteger(refund) || refund <= 0 || refund > paid) {
    throw new Error(`invalid dispute refund ${refund} of a payment of ${paid}`);
  }
  if (!Number.isSafeInteger(commission) || commission < 0 || commission > paid) {
    throw new Error(`invalid commission ${commission} of a payment of ${paid}`);
  }
  // Integer arithmetic only: refund * commission stays far below 2^53 for prices up to 100 000 TND.
  const platformPart = Math.floor((refund * commission) / paid);
  return {
    description: `Dispute refund (${formatTnd(refund)})`,
    entries: [
      { account: customerWallet(input.customerId), amount: refund },
      { account: driverWallet(input.driverId), amount: -(refund - platformPart) },
      { account: { kind: 'PLATFORM_REVENUE' } as AccountRef, amount: -platformPart },
    ].filter((entry) => entry.amount !== 0),
  };
}
