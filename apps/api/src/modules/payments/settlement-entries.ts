import { formatTnd, type PaymentMethod, type PaymentPurpose } from '@truck4u/contracts';
import { commissionOf } from '../commissions/commission-rate';
import { type AccountRef, customerWallet, driverWallet, ESCROW } from '../wallet/ledger';

export interface SettlementInput {
  purpose: PaymentPurpose;
  method: PaymentMethod;
  /** Millimes: the ride's price, or the top-up amount. */
  amount: number;
  /** Rides: the paying customer. Top-ups: the customer topping up, or null when a driver tops up. */
  customerId: string | null;
  /** Rides: the ride's driver. Top-ups: the driver topping up, or null when a customer tops up. */
  driverId: string | null;
  /** Ride payments only: the rate fixed on the ride. */
  commissionRateBps: number | null;
  /** A WALLET or FLOUCI ride paid before delivery: the money is in ESCROW, and the settlement releases it. */
  isHeld?: boolean;
}

export interface SettlementPosting {
  kind: 'RIDE_PAYMENT' | 'ESCROW_RELEASE' | 'CASH_COMMISSION' | 'TOP_UP';
  description: string;
  commission: number;
  /** Zero-amount lines are left out (the ledger refuses them); may be empty, e.g. cash at a 0% rate. */
  entries: { account: AccountRef; amount: number }[];
}

/**
 * The ledger lines of a settled payment (docs/MONEY.md):
 * - WALLET ride: customer −price, driver +(price − commission), platform +commission.
 * - FLOUCI ride: Flouci clearing −price (Flouci holds the money for us), driver and platform as above.
 * - CASH ride: the driver already holds the price, so the driver −commission, platform +commission.
 * - TOP_UP (Flouci): Flouci clearing −amount, the owner's wallet (customer or driver) +amount.
 * - A held WALLET or FLOUCI ride (paid before delivery, released at completion): escrow −price, driver and
 *   platform as above; the payer's line was posted when the money was held (holdEntries).
 */
export function settlementEntries(input: SettlementInput): SettlementPosting {
  const { amount } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`invalid payment amount ${amount}`);

  if (input.purpose === 'TOP_UP') {
    if (input.method !== 'FLOUCI') throw new Error(`top-ups are paid through Flouci, not ${input.method}`);
    const wallet =
      input.customerId && !input.driverId
        ? customerWallet(input.customerId)
        : input.driverId && !input.customerId
          ? driverWallet(input.driverId)
          : null;
    if (!wallet) throw new Error('a top-up credits exactly one wallet: a customer’s or a driver’s');
    return {
      kind: 'TOP_UP',
      description: `Wallet top-up via Flouci (${formatTnd(amount)})`,
      commission: 0,
      entries: [
        { account: { kind: 'FLOUCI_CLEARING' }, amount: -amount },
        { account: wallet, amount },
      ],
    };
  }

  if (!input.customerId || !input.driverId || input.commissionRateBps === null) {
    throw new Error('a ride payment needs the customer, the driver and the commission rate');
  }
  const customerId = input.customerId;
  const commission = commissionOf(amount, input.commissionRateBps);
  const driver = driverWallet(input.driverId);
  const platform: AccountRef = { kind: 'PLATFORM_REVENUE' };
  const nonZero = (entries: { account: AccountRef; amount: number }[]) =>
    entries.filter((e) => e.amount !== 0);

  switch (input.method) {
    case 'CASH':
      return {
        kind: 'CASH_COMMISSION',
        description: `Commission on a ride paid in cash (${formatTnd(amount)})`,
        commission,
        entries: nonZero([
          { account: driver, amount: -commission },
          { account: platform, amount: commission },
        ]),
      };
    case 'WALLET':
    case 'FLOUCI':
      if (input.isHeld) {
        return {
          kind: 'ESCROW_RELEASE',
          description: `Ride payment released from escrow (${formatTnd(amount)})`,
          commission,
          entries: nonZero([
            { account: ESCROW, amount: -amount },
            { account: driver, amount: amount - commission },
            { account: platform, amount: commission },
          ]),
        };
      }
      return {
        kind: 'RIDE_PAYMENT',
        description: `Ride payment by ${input.method === 'WALLET' ? 'wallet' : 'Flouci'} (${formatTnd(amount)})`,
        commission,
        entries: nonZero([
          {
            account: input.method === 'WALLET' ? customerWallet(customerId) : { kind: 'FLOUCI_CLEARING' },
            amount: -amount,
          },
          { account: driver, amount: amount - commission },
          { account: platform, amount: commission },
        ]),
      };
    case 'CARD':
      throw new Error('card payments are not settled yet');
  }
}

/** The ledger key of a payment's move into escrow: held once per payment, ever. */
export const holdKey = (paymentId: string) => `payment:${paymentId}:hold`;

/**
 * The lines of a ride paid before delivery: the payer (the customer's wallet, or Flouci clearing once Flouci
 * confirmed) gives the price to ESCROW, where it waits for the ride to complete or be cancelled.
 */
export function holdEntries(input: { method: PaymentMethod; amount: number; customerId: string }): {
  kind: 'ESCROW_HOLD';
  description: string;
  entries: { account: AccountRef; amount: number }[];
} {
  const { amount, method } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`invalid payment amount ${amount}`);
  if (method !== 'WALLET' && method !== 'FLOUCI') throw new Error(`a ${method} payment is never held`);
  return {
    kind: 'ESCROW_HOLD',
    description: `Ride paid ahead, held until delivery (${formatTnd(amount)})`,
    entries: [
      {
        account: method === 'WALLET' ? customerWallet(input.customerId) : { kind: 'FLOUCI_CLEARING' },
        amount: -amount,
      },
      { account: ESCROW, amount },
    ],
  };
}

/**
 * The lines that give a held payment back to the customer when the ride is cancelled: escrow −price, the
 * customer's wallet +price (a Flouci payment too: we do not push money back through Flouci, as with refunds).
 * The late-cancellation fee, if the policy charges one, is then taken from that wallet as usual.
 */
export function heldRefundEntries(input: { amount: number; customerId: string }): {
  kind: 'REFUND';
  description: string;
  entries: { account: AccountRef; amount: number }[];
} {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new Error(`invalid payment amount ${input.amount}`);
  }
  return {
    kind: 'REFUND',
    description: `Cancelled ride: held payment returned (${formatTnd(input.amount)})`,
    entries: [
      { account: ESCROW, amount: -input.amount },
      { account: customerWallet(input.customerId), amount: input.amount },
    ],
  };
}
