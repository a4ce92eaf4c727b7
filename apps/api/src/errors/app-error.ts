import type { ErrorCode } from '@truck4u/contracts';

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  USER_TOKENS_REVOKED: 401,
  ACCOUNT_DEACTIVATED: 403,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  INVALID_CREDENTIALS: 401,
  PHONE_ALREADY_REGISTERED: 409,
  OTP_INVALID: 401,
  INSUFFICIENT_FUNDS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  DRIVER_BUSY: 409,
  BID_EXPIRED: 409,
  DRIVER_NOT_VERIFIED: 403,
  DRIVER_REJECTED: 403,
  BALANCE_BELOW_MINIMUM: 409,
  CASH_COMMISSION_CAP_REACHED: 409,
  CHAT_CLOSED: 409,
  SAVED_ADDRESS_LIMIT: 409,
  FAVOURITE_NOT_ELIGIBLE: 409,
  FAVOURITE_LIMIT: 409,
  DOCUMENT_EXPIRED: 409,
  DOCUMENTS_INCOMPLETE: 409,
  DELIVERY_CODE_INVALID: 400,
  DELIVERY_CODE_LOCKED: 409,
  TOO_FAR_FROM_DROPOFF: 409,
  STOPS_PENDING: 409,
};

/** The one error type services throw; the HTTP layer turns it into the error envelope. */
export class AppError extends Error {
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { status?: number; details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
