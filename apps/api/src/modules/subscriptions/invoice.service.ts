import { customers, type Database } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../http/app-error';
import { commissionOf, DEFAULT_COMMISSION_BPS } from '../commissions/commission-rate';

interface InvoiceLine {
  rideId: string;
  completedAt: Date;
  from: string;
  to: string;
  vehicleType: string;
  price: number;
  rateBps: number;
  commission: number;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const tnd = (millimes: number) => `${(millimes / 1000).toFixed(3)}&nbsp;TND`;
const tunisDate = (d: Date) =>
  new Intl.DateTimeFormat('fr-TN', {
    timeZone: 'Africa/Tunis',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(d);

/** Monthly statement of a business customer: every ride completed that month (Tunis time), with commission. */
export class InvoiceService {
  constructor(private readonly db: Database) {}

  async monthlyHtml(customerId: string, month: string): Promise<string> {
    const [customer] = await this.db.select().from(customers).where(eq(customers.id, customerId));
    if (!customer) throw notFound('Customer');
    if (customer.customerType !== 'B2B')
      throw new AppError('FORBIDDEN', 'Monthly invoices are for business accounts');
    const lines = await this.lines(customerId, month);
    const subscriptionCharges = await this.db.execute<{
      description: string;
      amount: string;
      created_at: Date;
    }>(sql`
      SELECT t.description, -e.amount AS amount, t.created_at
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id
      JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE a.kind = 'CUSTOMER_WALLET' AND a.owner_id = ${customerId} AND t.kind = 'SUBSCRIPTION'
        AND t.created_at >= (${`${month}-01`}::date)::timestamp AT TIME ZONE 'Africa/Tunis'
        AND t.created_at < ((${`${month}-01`}::date + interval '1 month'))::timestamp AT TIME ZONE 'Africa/Tunis'
      ORDER BY t.created_at`);
    const totals = lines.reduce(
      (acc, l) => ({ price: acc.price + l.price, commission: acc.commission + l.commission }),
      { price: 0, commission: 0 },
    );
    const subscriptionTotal = subscriptionCharges.rows.reduce((sum, r) => sum + Number(r.amount), 0);
    const rows = lines
      .map(
        (l) =>
          `<tr><td>${tunisDate(l.completedAt)}</td><td>${escapeHtml(l.from)} → ${escapeHtml(l.to)}</td><td>${l.vehicleType}</td>` +
          `<td class="n">${tnd(l.price)}</td><td class="n">${(l.rateBps / 100).toFixed(2)}%</td><td class="n">${tnd(l.commission)}</td></tr>`,
      )
      .join('\n');
    const charges = subscriptionCharges.rows
      .map(
        (r) =>
          `<tr><td>${tunisDate(new Date(r.created_at))}</td><td colspan="4">${escapeHtml(r.description)}</td><td class="n">${tnd(Number(r.amount))}</td></tr>`,
      )
      .join('\n');
    return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Truck4u — relevé ${month} — ${escapeHtml(customer.companyName ?? customer.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;font-size:.9rem}.n{text-align:right;white-space:nowrap}
tfoot td{font-weight:600}@media print{body{margin:0}}
</style></head><body>
<h1>Truck4u — Relevé mensuel ${month}</h1>
<p><strong>${escapeHtml(customer.companyName ?? customer.name)}</strong>${customer.companyTaxId ? `<br>Matricule fiscal : ${escapeHtml(customer.companyTaxId)}` : ''}${customer.companyAddress ? `<br>${escapeHtml(customer.companyAddress)}` : ''}</p>
<table><thead><tr><th>Date</th><th>Trajet</th><th>Véhicule</th><th class="n">Prix</th><th class="n">Taux</th><th class="n">Commission</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">Aucune course ce mois-ci.</td></tr>'}
</tbody>
<tfoot><tr><td colspan="3">${lines.length} course(s)</td><td class="n">${tnd(totals.price)}</td><td></td><td class="n">${tnd(totals.commission)}</td></tr></tfoot></table>
<h2>Abonnement</h2>
<table><tbody>${charges || '<tr><td colspan="6">Aucun prélèvement d’abonnement ce mois-ci.</td></tr>'}</tbody>
<tfoot><tr><td colspan="5">Total abonnement</td><td class="n">${tnd(subscriptionTotal)}</td></tr></tfoot></table>
<p>Montants en dinars tunisiens (1 TND = 1000 millimes). Les prix sont ceux des offres acceptées.</p>
</body></html>
`;
  }

  private async lines(customerId: string, month: string): Promise<InvoiceLine[]> {
    const result = await this.db.execute<{
      id: string;
      completed_at: Date;
      pickup_address: string;
      dropoff_address: string;
      vehicle_type: string;
      price: string;
      rate: number | null;
    }>(sql`
      SELECT id, completed_at, pickup_address, dropoff_address, vehicle_type, price, commission_rate_bps AS rate
      FROM rides
      WHERE customer_id = ${customerId} AND status = 'COMPLETED' AND price IS NOT NULL
        AND completed_at >= (${`${month}-01`}::date)::timestamp AT TIME ZONE 'Africa/Tunis'
        AND completed_at < ((${`${month}-01`}::date + interval '1 month'))::timestamp AT TIME ZONE 'Africa/Tunis'
      ORDER BY completed_at`);
    return result.rows.map((r) => {
      const price = Number(r.price);
      const rateBps = r.rate ?? DEFAULT_COMMISSION_BPS;
      return {
        rideId: r.id,
        completedAt: new Date(r.completed_at),
        from: r.pickup_address,
        to: r.dropoff_address,
        vehicleType: r.vehicle_type,
        price,
        rateBps,
        commission: commissionOf(price, rateBps),
      };
    });
  }
}
