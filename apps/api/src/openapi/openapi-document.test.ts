import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from './render-openapi';

describe('docs/openapi.json', () => {
  it('is the document the routes produce (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(new URL('../../../../docs/openapi.json', import.meta.url), 'utf8');
    const current = await renderOpenApiDocument();
    // Comparing parsed documents gives a readable diff of what drifted.
    expect(JSON.parse(committed)).toEqual(JSON.parse(current));
  }, 30_000);

  it('documents every path of the contract in DESIGN.md §8', async () => {
    const document = JSON.parse(await renderOpenApiDocument()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    for (const path of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/otp/request',
      '/api/auth/otp/verify',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/logout-all',
      '/api/auth/password/forgot',
      '/api/auth/password/reset',
      '/api/me',
      '/api/rides',
      '/api/rides/{id}',
      '/api/rides/{id}/cancel',
      '/api/rides/{id}/retry-dispatch',
      '/api/rides/{id}/bids',
      '/api/rides/{id}/bids/{bidId}/accept',
      '/api/rides/{id}/status',
      '/api/rides/{id}/rating',
      '/api/pricing/estimate',
      '/api/drivers/me/availability',
      '/api/drivers/me/location',
      '/api/drivers/me/rides/available',
      '/api/drivers/me/earnings',
      '/api/wallet',
      '/api/wallet/transactions',
      '/api/payments',
      '/api/payments/flouci/webhook',
      '/api/subscriptions/plans',
      '/api/subscriptions',
      '/api/subscriptions/me',
      '/api/admin/drivers',
      '/api/admin/drivers/{id}/verify',
      '/api/admin/drivers/{id}/suspend',
      '/api/admin/drivers/{id}/activate',
      '/api/admin/commissions',
      '/api/admin/commissions/{governorate}',
      '/api/admin/stats',
      '/api/admin/tokens/blacklist-stats',
      '/health/live',
      '/health/ready',
    ]) {
      expect(paths, path).toContain(path);
    }
  }, 30_000);
});
