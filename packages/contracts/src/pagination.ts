import { z } from 'zod';
import { queryNumber } from './query';

export const cursorQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: queryNumber(z.number().int().min(1).max(100).default(20)),
});

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
