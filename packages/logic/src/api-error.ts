import type { ErrorCode } from '@truck4u/contracts';

/** Codes the client itself produces when the api could not be reached or answered something unreadable. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** The one error every api call rejects with: the contract's code, the api's message, its details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Codes after which the session cannot continue: the user must sign in again. */
export const SESSION_ENDING_CODES: ReadonlySet<string> = new Set([
  'TOKEN_REVOKED',
  'USER_TOKENS_REVOKED',
  'ACCOUNT_DEACTIVATED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
]);
