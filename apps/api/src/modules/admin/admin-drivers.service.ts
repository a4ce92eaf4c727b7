import type { AdminDriver, AdminDriversQuery, DriverProfile, VerifyDriver } from '@truck4u/contracts';
import { type Database, drivers, type Executor } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { SessionsService } from '../auth/sessions.service';
import { documentsIncomplete } from '../documents/document-rules';
import type { DriverDocumentsService } from '../documents/documents.service';
import type { FleetPositionSink } from '../drivers/driver-presence.service';
import type { ProfileInvalidation } from '../users/profile-cache';
import { findProfile } from '../users/users.repository';
import { suspendAccount } from './account-suspension';
import { recordAudit } from './admin-audit.repository';
import { decideVerification, listDrivers, toAdminDriver } from './admin-drivers.repository';

async function deactivationOf(tx: Executor, driverId: string) {
  const [row] = await tx
    .select({
      isDeactivated: drivers.isDeactivated,
      isOnline: drivers.isOnline,
      deactivationReason: drivers.deactivationReason,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

/** Admin actions on driver accounts. */
export class AdminDriversService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsService,
    private readonly realtime: Pick<RealtimeNotifier, 'revokeUserSessions'>,
    /** Approving a driver needs their five documents approved and valid (docs/DRIVER-DOCUMENTS.md). */
    private readonly documents: Pick<DriverDocumentsService, 'gapsOf'>,
    /** Shows a suspended driver OFFLINE on the admins' live map at once. */
    private readonly fleet?: Pick<FleetPositionSink, 'offline'>,
    /** GET /api/me shows the verification status, `isDeactivated` and `isOnline` these actions change. */
    private readonly profiles?: ProfileInvalidation,
  ) {}

  list(query: AdminDriversQuery): Promise<{ items: AdminDriver[]; nextCursor?: string }> {
    return listDrivers(this.db, query);
  }

  /**
   * Approves or rejects a driver's application, recording who decided and why (drivers row and audit).
   * Either decision can be revisited later, e.g. to reject a driver whose papers expired. Approving is refused
   * (409 DOCUMENTS_INCOMPLETE, naming what is missing) unless every required document is approved and valid;
   * approving the last document verifies the driver by itself, so this is mostly for a driver rejected earlier.
   */
  async verify(driverId: string, adminId: string, decision: VerifyDriver): Promise<AdminDriver> {
    if (decision.approved) {
      const gaps = await this.documents.gapsOf(driverId);
      if (!gaps) throw notFound('Driver');
      if (gaps.length > 0) throw documentsIncomplete(gaps);
    }
    const row = await decideVerification(this.db, { driverId, adminId, ...decision });
    if (!row) throw notFound('Driver');
    await this.profiles?.drivers(driverId);
    return toAdminDriver(row);
  }

  /**
   * Deactivates the driver and cuts off every token and session they hold, on every api instance. `adminId`
   * is who decided it (audited in the same transaction); absent when the strike limit suspends them.
   */
  async suspend(driverId: string, reason: string | undefined, adminId?: string): Promise<DriverProfile> {
    const found = await suspendAccount(
      { sessions: this.sessions, realtime: this.realtime },
      { role: 'driver', id: driverId },
      async (tx) => {
        const before = await deactivationOf(tx, driverId);
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
        if (adminId) {
          await recordAudit(tx, {
            adminId,
            action: 'drivers.suspend',
            targetType: 'driver',
            targetId: driverId,
            before,
            after: await deactivationOf(tx, driverId),
          });
        }
      },
    );
    if (!found) throw notFound('Driver');
    await this.profiles?.drivers(driverId);
    await this.fleet?.offline([driverId], Date.now());
    return this.profile(driverId);
  }

  /** Lets a suspended driver log in again. Old tokens stay dead: they were cut off at suspension. */
  async activate(driverId: string, adminId: string): Promise<DriverProfile> {
    await this.db.transaction(async (tx) => {
      const before = await deactivationOf(tx, driverId);
      if (!before) throw notFound('Driver');
      await tx
        .update(drivers)
        .set({ isDeactivated: false, deactivatedAt: null, deactivationReason: null, updatedAt: sql`now()` })
        .where(eq(drivers.id, driverId));
      await recordAudit(tx, {
        adminId,
        action: 'drivers.activate',
        targetType: 'driver',
        targetId: driverId,
        before,
        after: await deactivationOf(tx, driverId),
      });
    });
    await this.profiles?.drivers(driverId);
    return this.profile(driverId);
  }

  private async profile(driverId: string): Promise<DriverProfile> {
    const profile = await findProfile(this.db, 'driver', driverId);
    if (profile?.role !== 'driver') throw notFound('Driver');
    return profile;
  }
}
