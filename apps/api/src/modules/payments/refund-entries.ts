import { formatTnd, type PaymentMethod } from '@truck4u/contracts';
import { type AccountRef, customerWallet, driverWallet } from '../wallet/ledger';

/** One line of the settlement transaction as the ledger holds it. */
export interface PostedLine {
  account: AccountRef;
  amount: number;
}

export interface RefundInput {
  method: PaymentMethod;
  /** The payment's amount, millimes: the ride's price. */
  amount: number;
  customerId: string;
  /** The ride's driver; needed when the settlement posted nothing (cash at a 0 % rate). */
  driverId: string;
  /** What `payment:<id>:settle` posted; empty when it posted nothing. */
  settlement: PostedLine[];
  /** The payment was held and released: its settlement took the price from ESCROW, not from the payer. */
  isHeld?: boolean;
}

export interface RefundPosting {
  description: string;
  /** The commission given back, as the settlement posted it (not as today's rate would compute it). */
  commission: number;
  entries: { account: AccountRef; amount: number }[];
}

const sameAccount = (a: AccountRef, b: AccountRef) =>
  a.kind === b.kind && ('ownerId' in a ? a.ownerId : null) === ('ownerId' in b ? b.ownerId : null);

/**
 * The ledger lines of a whole refund of a ride payment (docs/MONEY.md, Refunds). Whatever the method, the
 * customer's wallet gets the price, the platform gives back the commission the settlement credited it, and
 * the driver gives back the rest:
 * - WALLET: the exact reverse of the settlement.
 * - FLOUCI: the reverse, except that the price goes to the customer's wallet rather than back to Flouci
 *   clearing (we do not push money back through Flouci; the customer spends it on rides or asks support).
 * - CASH: the reverse of the commission lines, plus the cash the driver kept, which the driver now owes:
 *   netted, driver −(price − commission).
 * The commission is read from the settlement's lines, so a rate changed since can never change a refund.
 */
export function refundEntries(input: RefundInput): RefundPosting {
  const { amount, method } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`invalid payment amount ${amount}`);
  const customer = customerWallet(input.customerId);
  const driver = driverWallet(input.driverId);
  const platform: AccountRef = { kind: 'PLATFORM_REVENUE' };
  const postedTo = (account: AccountRef) =>
    input.settlement.filter((l) => sameAccount(l.account, account)).reduce((sum, l) => sum + l.amount, 0);

  const commission = postedTo(platform);
  const driverLine = postedTo(driver);
  // What settlement must have posted for these lines to be a settlement of this payment; anything else is
  // a ledger we do not understand, and money must not move on a guess.
  const expectedDriverLine = method === 'CASH' ? -commission : amount - commission;
  const payerLine =
    method === 'CASH'
      ? 0
      : input.isHeld
        ? postedTo({ kind: 'ESCROW' })
        : method === 'WALLET'
          ? postedTo(customer)
          : method === 'FLOUCI'
            ? postedTo({ kind: 'FLOUCI_CLEARING' })
            : 0;
  const accounted = input.settlement.reduce((sum, l) => sum + Math.abs(l.amount), 0);
  const expectedPayerLine = method === 'CASH' ? 0 : -amount;
  if (
    method === 'CARD' ||
    commission < 0 ||
    commission > amount ||
    driverLine !== expectedDriverLine ||
    payerLine !== expectedPayerLine ||
    accounted !== Math.abs(commission) + Math.abs(driverLine) + Math.abs(payerLine)
  ) {
    throw new Error(
      `the settlement of this ${method} payment of ${amount} does not match it: ${JSON.stringify(input.settlement)}`,
    );
  }

  const label = method === 'WALLET' ? 'by wallet' : method === 'FLOUCI' ? 'via Flouci' : 'in cash';
  return {
    description: `Refund of a ride paid ${label} (${formatTnd(amount)})`,
    commission,
    entries: [
      { account: customer, amount },
      { account: driver, amount: -(amount - commission) },
      { account: platform, amount: -commission },
    ].filter((e) => e.amount !== 0),
  };
}
