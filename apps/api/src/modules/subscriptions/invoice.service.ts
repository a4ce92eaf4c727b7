import { formatTnd } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import { commissionOf, DEFAULT_COMMISSION_BPS } from '../commissions/commission-rate';
import {
  findCompletedRidesInMonth,
  findCustomer,
  findSubscriptionChargesInMonth,
} from './invoice.repository';

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
// The invoice keeps an amount and its currency on one line.
const tnd = (millimes: number) => formatTnd(millimes).replace(' ', '&nbsp;');
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
    const customer = await findCustomer(this.db, customerId);
    if (!customer) throw notFound('Customer');
    if (customer.customerType !== 'B2B')
      throw new AppError('FORBIDDEN', 'Monthly invoices are for business accounts');
    const lines = await this.lines(customerId, month);
    const subscriptionCharges = await findSubscriptionChargesInMonth(this.db, customerId, month);
    const totals = lines.reduce(
      (acc, l) => ({ price: acc.price + l.price, commission: acc.commission + l.commission }),
      { price: 0, commission: 0 },
    );
    const subscriptionTotal = subscriptionCharges.reduce((sum, r) => sum + r.amount, 0);
    const rows = lines
      .map(
        (l) =>
          `<tr><td>${tunisDate(l.completedAt)}</td><td>${escapeHtml(l.from)} → ${escapeHtml(l.to)}</td><td>${l.vehicleType}</td>` +
          `<td class="n">${tnd(l.price)}</td><td class="n">${(l.rateBps / 100).toFixed(2)}%</td><td class="n">${tnd(l.commission)}</td></tr>`,
      )
      .join('\n');
    const charges = subscriptionCharges
      .map(
        (r) =>
          `<tr><td>${tunisDate(r.createdAt)}</td><td colspan="4">${escapeHtml(r.description)}</td><td class="n">${tnd(r.amount)}</td></tr>`,
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
    const rides = await findCompletedRidesInMonth(this.db, customerId, month);
    return rides.map((r) => {
      const rateBps = r.rateBps ?? DEFAULT_COMMISSION_BPS;
      return {
        rideId: r.id,
        completedAt: r.completedAt,
        from: r.pickupAddress,
        to: r.dropoffAddress,
        vehicleType: r.vehicleType,
        price: r.price,
        rateBps,
        commission: commissionOf(r.price, rateBps),
      };
    });
  }
}
