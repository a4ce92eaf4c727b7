import { z } from 'zod';

/** Every error code a client may receive. Codes are part of the public contract (docs/API.md#errors). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'TOKEN_MISSING',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'USER_TOKENS_REVOKED',
  'ACCOUNT_DEACTIVATED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'PHONE_ALREADY_REGISTERED',
  'OTP_INVALID',
  'INSUFFICIENT_FUNDS',
  'IDEMPOTENCY_KEY_REUSED',
  'DRIVER_BUSY',
  'BID_EXPIRED',
  'DRIVER_NOT_VERIFIED',
  'DRIVER_REJECTED',
  'BALANCE_BELOW_MINIMUM',
  'CASH_COMMISSION_CAP_REACHED',
  'CHAT_CLOSED',
  'SAVED_ADDRESS_LIMIT',
  'FAVOURITE_NOT_ELIGIBLE',
  'FAVOURITE_LIMIT',
  'DOCUMENT_EXPIRED',
  'DOCUMENTS_INCOMPLETE',
  'DELIVERY_CODE_INVALID',
  'DELIVERY_CODE_LOCKED',
  'TOO_FAR_FROM_DROPOFF',
  'STOPS_PENDING',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorCodeSchema = z.enum(ERROR_CODES);

export const validationIssueSchema = z.object({
  path: z
    .string()
    .describe('Dotted path of the offending field, prefixed by where it came from (body, query, params)'),
  message: z.string(),
  code: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
