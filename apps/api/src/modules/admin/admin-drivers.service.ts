import type { AdminDriver, AdminDriversQuery, DriverProfile, VerifyDriver } from '@truck4u/contracts';
import { type Database, drivers } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { SessionsService } from '../auth/sessions.service';
import { findProfile } from '../users/users.repository';
import { decideVerification, listDrivers, toAdminDriver } from './admin-drivers.repository';

/** Admin actions on driver accounts. */
export class AdminDriversService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsService,
    private readonly realtime: RealtimeNotifier,
  ) {}

  list(query: AdminDriversQuery): Promise<{ items: AdminDriver[]; nextCursor?: string }> {
    return listDrivers(this.db, query);
  }

  /**
   * Approves or rejects a driver's application, recording who decided and why (drivers row and audit).
   * Either decision can be revisited later, e.g. to reject a driver whose papers expired.
   */
  async verify(driverId: string, adminId: string, decision: VerifyDriver): Promise<AdminDriver> {
    const row = await decideVerification(this.db, { driverId, adminId, ...decision });
    if (!row) throw notFound('Driver');
    return toAdminDriver(row);
  }

  /** Deactivates the driver and cuts off every token and session they hold, on every api instance. */
  async suspend(driverId: string, reason: string | undefined): Promise<DriverProfile> {
    try {
      await this.sessions.endAll({ role: 'driver', id: driverId }, 'suspended', async (tx) => {
        await tx
          .update(drivers)
          .set({
            isDeactivated: true,
            isOnline: false,
            deactivatedAt: sql`now()`,
            deactivationReason: reason ?? null,
            updatedAt: sql`now()`,
          })
          .where(eq(drivers.id, driverId));
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound('Driver');
      throw error;
    }
    // Tokens are dead already; this closes the driver's open sockets on every instance.
    await this.realtime.revokeUserSessions('driver', driverId, 'suspended');
    return this.profile(driverId);
  }

  /** Lets a suspended driver log in again. Old tokens stay dead: they were cut off at suspension. */
  async activate(driverId: string): Promise<DriverProfile> {
    const updated = await this.db
      .update(drivers)
      .set({ isDeactivated: false, deactivatedAt: null, deactivationReason: null, updatedAt: sql`now()` })
      .where(eq(drivers.id, driverId))
      .returning({ id: drivers.id });
    if (updated.length === 0) throw notFound('Driver');
    return this.profile(driverId);
  }

  private async profile(driverId: string): Promise<DriverProfile> {
    const profile = await findProfile(this.db, 'driver', driverId);
    if (profile?.role !== 'driver') throw notFound('Driver');
    return profile;
  }
}
