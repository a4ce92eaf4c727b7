import { z } from 'zod';

export const suspendDriverSchema = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .nullish();

export const blacklistStatsSchema = z.object({
  revokedAccessTokens: z.number().int().describe('Live token:blacklist:<jti> entries'),
  userCutoffs: z.number().int().describe('Live token:blacklist:user:<role>:<id> entries'),
  revokedSessions: z
    .number()
    .int()
    .describe('Live token:blacklist:session:<sid> entries (refresh-token families)'),
  total: z.number().int(),
  source: z
    .enum(['redis', 'database'])
    .describe('Where the counts were read; database when Redis is unreachable'),
});
export type BlacklistStats = z.infer<typeof blacklistStatsSchema>;
