import { formatTnd } from '@truck4u/contracts';
import { AppError } from '../../errors/app-error';

/**
 * A driver below the minimum balance owes the platform more commission (from cash rides) than it lets
 * drivers run up; they work again once a top-up brings the balance back to the minimum.
 */
export function balanceBelowMinimum(balance: number, minimum: number): AppError {
  const shortfall = minimum - balance;
  return new AppError(
    'BALANCE_BELOW_MINIMUM',
    `Your wallet balance is ${formatTnd(balance)}, below the ${formatTnd(minimum)} allowed to go online: it is the commission owed on cash rides. Top up your wallet with at least ${formatTnd(shortfall)} to settle it, then go online again`,
    { details: { balance, minimumBalance: minimum, shortfall, currency: 'TND' } },
  );
}
