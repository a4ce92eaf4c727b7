import { type CashCommission, formatTnd } from '@truck4u/contracts';
import { drivers, type Executor } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { balanceOf, driverWallet } from './ledger';

/**
 * Commission a driver owes on cash rides, against their cap. What is owed is the negative part of the driver's
 * wallet: cash commission is the only thing that takes a driver's wallet below zero (docs/MONEY.md), and
 * earnings from wallet or Flouci rides pay it off, so the wallet is the one figure that already nets both. The
 * same figure drives the minimum balance to go online (driver-minimum-balance.ts); the cap only stops cash.
 */
export async function readCashCommission(
  db: Executor,
  driverId: string,
  defaultCapMillimes: number,
): Promise<CashCommission> {
  const [driver] = await db
    .select({ cap: drivers.cashCommissionCapMillimes })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  const balance = await balanceOf(db, driverWallet(driverId));
  const owedMillimes = Math.max(0, -balance);
  const capMillimes = driver?.cap ?? defaultCapMillimes;
  return {
    owedMillimes,
    capMillimes,
    // A cap of 0 (an admin's choice) means no cash rides at all for this driver.
    isCapReached: owedMillimes >= capMillimes,
    topUp: { amountMillimes: owedMillimes },
  };
}

/** The refusal of a cash ride for a driver at their cap: 409 with what a top-up must settle. */
export function cashCommissionCapReached(state: CashCommission): AppError {
  return new AppError(
    'CASH_COMMISSION_CAP_REACHED',
    `The driver owes ${formatTnd(state.owedMillimes)} of commission on cash rides, at or above their cap of ${formatTnd(state.capMillimes)}: this ride cannot be paid in cash until a top-up settles it. Pay by wallet or Flouci instead`,
    {
      details: {
        owedMillimes: state.owedMillimes,
        capMillimes: state.capMillimes,
        topUp: { amountMillimes: state.topUp.amountMillimes },
      },
    },
  );
}
