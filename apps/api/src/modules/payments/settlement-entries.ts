import { formatTnd, type PaymentMethod, type PaymentPurpose } from '@truck4u/contracts';
import { commissionOf } from '../commissions/commission-rate';
import { type AccountRef, customerWallet, driverWallet } from '../wallet/ledger';

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
}

export interface SettlementPosting {
  kind: 'RIDE_PAYMENT' | 'CASH_COMMISSION' | 'TOP_UP';
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
