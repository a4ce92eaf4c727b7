import type { Commission, GovernorateCode } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { notFound } from '../../errors/app-error';
import { DEFAULT_COMMISSION_BPS } from './commission-rate';
import {
  findGovernorateCommission,
  type GovernorateCommissionRow,
  insertCommissionAudit,
  listCommissionAudit,
  listGovernorateCommissions,
  lockGovernorateCommission,
  upsertGovernorateCommission,
} from './commissions.repository';

const toCommission = (row: GovernorateCommissionRow): Commission => ({
  governorate: row.code as GovernorateCode,
  name: row.name,
  rateBps: row.rateBps,
  isActive: row.isActive,
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

/** Per-governorate commission rates and their audit trail. */
export class CommissionsService {
  constructor(private readonly db: Database) {}

  async list(): Promise<Commission[]> {
    const rows = await listGovernorateCommissions(this.db, DEFAULT_COMMISSION_BPS);
    return rows.map(toCommission);
  }

  /** Changes one governorate's rate; the audit row is written in the same transaction, from the locked old value. */
  async update(
    code: GovernorateCode,
    change: { rateBps: number; isActive?: boolean | undefined },
    adminId: string,
  ): Promise<Commission> {
    await this.db.transaction(async (tx) => {
      const current = await lockGovernorateCommission(tx, code);
      const isActive = change.isActive ?? current?.isActive ?? true;
      await upsertGovernorateCommission(tx, {
        governorateCode: code,
        rateBps: change.rateBps,
        isActive,
        updatedBy: adminId,
      });
      await insertCommissionAudit(tx, {
        governorateCode: code,
        adminId,
        oldRateBps: current?.rateBps ?? null,
        newRateBps: change.rateBps,
        oldIsActive: current?.isActive ?? null,
        newIsActive: isActive,
      });
    });
    const row = await findGovernorateCommission(this.db, code, DEFAULT_COMMISSION_BPS);
    if (!row) throw notFound('Governorate');
    return toCommission(row);
  }

  async audit(limit: number) {
    const rows = await listCommissionAudit(this.db, limit);
    return rows.map((r) => ({
      id: r.id,
      governorate: r.governorateCode as GovernorateCode,
      adminId: r.adminId,
      oldRateBps: r.oldRateBps,
      newRateBps: r.newRateBps,
      oldIsActive: r.oldIsActive,
      newIsActive: r.newIsActive,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
