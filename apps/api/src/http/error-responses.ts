import { errorEnvelopeSchema } from '@truck4u/contracts';

/** Error responses for the OpenAPI document; every one uses the shared envelope. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, errorEnvelopeSchema])) as Record<
    number,
    typeof errorEnvelopeSchema
  >;
}

export const AUTHED_ERRORS = [400, 401, 403, 503] as const;
