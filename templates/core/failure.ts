// Why a migration attempt was refused, in two layers: `code` is what the client may learn, `reason` only goes to the
// log. Every token problem shares one code and one message, so the endpoint is no oracle for forging tokens.

export const FAILURES = {
  BAD_REQUEST: { httpStatus: 400, message: 'Send a JSON object with a string "access_token".' },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, message: "Send the token as Content-Type: application/json." },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, message: "The request body is too large." },
  FORBIDDEN_ORIGIN: { httpStatus: 403, message: "This origin may not create sessions here." },
  INVALID_TOKEN: { httpStatus: 401, message: "The access token was not accepted." },
  TOKEN_TOO_OLD: { httpStatus: 401, message: "The access token is too old; get a fresh one and retry." },
  // SuperTokens' own answer for an expired session: the front-end SDK refreshes the session and retries.
  TRY_REFRESH_TOKEN: { httpStatus: 401, message: "The session has expired; refresh it and retry." },
  SESSION_EXISTS_FOR_ANOTHER_USER: {
    httpStatus: 409,
    message: "A session for another user exists; sign out first.",
  },
  AUTH0_UNAVAILABLE: { httpStatus: 503, message: "Auth0 could not be reached; retry later." },
  INTERNAL_ERROR: { httpStatus: 500, message: "The session could not be created; retry later." },
} as const;

export type FailureCode = keyof typeof FAILURES;

export class MigrationFailure extends Error {
  readonly code: FailureCode;
  readonly reason: string;
  /** Seconds, sent as Retry-After with AUTH0_UNAVAILABLE. */
  readonly retryAfter: number | undefined;

  constructor(code: FailureCode, reason: string, retryAfter?: number) {
    super(`${code}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
