import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The api's name and version, as apps/api/package.json declares them (the OpenAPI document and `GET /` say it). */
export const SERVICE_INFO = z
  .object({ name: z.string(), version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')));
