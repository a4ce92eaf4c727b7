import type { Commission, GovernorateCode } from '@truck4u/contracts';
import { commissionAudit, type Database, governorateCommissions, governorates } from '@truck4u/database';
import { desc, eq, sql } from 'drizzle-orm';
import { notFound } from '../../http/app-error';

type Row = {
  code: string;
  name: string;
  rateBps: number;
  isActive: boolean;
  updatedAt: Date;
  updatedBy: string | null;
};

const toCommission = (row: Row): Commission => ({
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
    const rows = await this.selectRows().orderBy(governorates.code);
    return rows.map(toCommission);
  }

  /** Changes one governorate's rate; the audit row is written in the same transaction, from the locked old value. */
  async update(
    code: GovernorateCode,
    change: { rateBps: number; isActive?: boolean | undefined },
    adminId: string,
  ): Promise<Commission> {
    await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(governorateCommissions)
        .where(eq(governorateCommissions.governorateCode, code))
        .for('update');
      const isActive = change.isActive ?? current?.isActive ?? true;
      await tx
        .insert(governorateCommissions)
        .values({ governorateCode: code, rateBps: change.rateBps, isActive, updatedBy: adminId })
        .onConflictDoUpdate({
          target: governorateCommissions.governorateCode,
          set: { rateBps: change.rateBps, isActive, updatedBy: adminId, updatedAt: sql`now()` },
        });
      await tx.insert(commissionAudit).values({
        governorateCode: code,
        adminId,
        oldRateBps: current?.rateBps ?? null,
        newRateBps: change.rateBps,
        oldIsActive: current?.isActive ?? null,
        newIsActive: isActive,
      });
    });
    const [row] = await this.selectRows().where(eq(governorates.code, code));
    if (!row) throw notFound('Governorate');
    return toCommission(row);
  }

  async audit(limit: number) {
    const rows = await this.db.select().from(commissionAudit).orderBy(desc(commissionAudit.id)).limit(limit);
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

  private selectRows() {
    return this.db
      .select({
        code: governorates.code,
        name: governorates.name,
        rateBps: sql<number>`COALESCE(${governorateCommissions.rateBps}, 1500)`.mapWith(Number),
        isActive: sql<boolean>`COALESCE(${governorateCommissions.isActive}, false)`,
        updatedAt: sql<Date>`COALESCE(${governorateCommissions.updatedAt}, now())`.mapWith(
          (v: string | Date) => new Date(v),
        ),
        updatedBy: governorateCommissions.updatedBy,
      })
      .from(governorates)
      .leftJoin(governorateCommissions, eq(governorateCommissions.governorateCode, governorates.code))
      .$dynamic();
  }
}
