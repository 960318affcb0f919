// The migrate-session step, written once for every framework: check where the request comes from and what it carries,
// verify the Auth0 access token, then create (or keep) the SuperTokens session. Framework adapters only translate
// their request and response to `handle()`.
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import type { MigrationConfig } from "./config.js";
import { describeError, FAILURES, type FailureCode, MigrationFailure } from "./failure.js";
import { createTokenVerifier, type VerifiedToken } from "./verify-token.js";

/** The body holds one token; anything bigger is refused before it is parsed. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface MigrationRequest {
  /** The `Origin` header, if any. */
  origin: string | undefined;
  /** The `Content-Type` header, if any. */
  contentType: string | undefined;
  /**
   * Reads and parses the JSON body with the framework's own parser (limit BODY_LIMIT_BYTES). Called only after the
   * Origin and Content-Type checks pass. Throw the parser's error as it is: its HTTP status (413, 415, 400) is read.
   */
  readBody: () => Promise<unknown>;
  /** Whatever supertokens-node's `createNewSession(req, res, …)` takes in this framework. */
  req: unknown;
  res: unknown;
}

export type MigrationStatus = "OK" | FailureCode;

export interface MigrationReply {
  statusCode: number;
  headers: Record<string, string>;
  body: { status: MigrationStatus; message: string; userId?: string };
}

/** One per attempt, for logs and metrics. Never contains a token. */
export interface MigrationResult {
  outcome: "migrated" | "already_migrated" | "refused" | "failed";
  status: MigrationStatus;
  /** Why, in a word or two: `ok`, `bad_aud`, `expired`, `origin_not_allowed`, `jwks_unavailable: …` */
  reason: string;
  /** The SuperTokens user id, once known. */
  userId?: string;
  tokenKind?: VerifiedToken["kind"];
  durationMs: number;
}

export interface MigrationOptions {
  /** Called after every attempt, e.g. to count outcomes. Errors thrown here are logged and ignored. */
  onMigration?: (result: MigrationResult) => void;
  /** Writes the log line; defaults to one JSON line on stdout (or stderr for failures). */
  log?: (result: MigrationResult) => void;
}

export interface SessionMigration {
  handle(request: MigrationRequest): Promise<MigrationReply>;
}

export function createSessionMigration(
  config: MigrationConfig,
  options: MigrationOptions = {},
): SessionMigration {
  const verifyAccessToken = createTokenVerifier(config);
  const log = options.log ?? logLine;

  async function migrate(request: MigrationRequest): Promise<Omit<MigrationResult, "durationMs" | "status">> {
    // Login CSRF: a hostile page could post its own token and sign the victim in as the attacker. Browsers always
    // send Origin on cross-site POSTs, and JSON bodies force a CORS preflight that only allowed origins pass.
    if (request.origin !== undefined && !config.allowedOrigins.includes(request.origin)) {
      throw new MigrationFailure("FORBIDDEN_ORIGIN", "origin_not_allowed");
    }
    if (mediaType(request.contentType) !== "application/json") {
      throw new MigrationFailure("UNSUPPORTED_MEDIA_TYPE", "not_json");
    }
    // JSON is UTF-8 (RFC 8259), labelled "utf-8" (the "utf8" spelling is refused too, as Express's own parser does).
    // Checked here rather than left to each framework's parser: some refuse other charsets, others decode the bytes as
    // UTF-8 anyway, and every framework should answer the same.
    const charset = charsetOf(request.contentType);
    if (charset !== undefined && charset !== "utf-8") {
      throw new MigrationFailure("UNSUPPORTED_MEDIA_TYPE", "unsupported_charset");
    }
    const body = await request.readBody().catch((error: unknown) => {
      throw bodyFailure(error);
    });
    const token = isObject(body) ? body.access_token : undefined;
    if (typeof token !== "string" || token === "") {
      throw new MigrationFailure("BAD_REQUEST", "missing_access_token");
    }

    const verified = await verifyAccessToken(token);
    const tokenKind = verified.kind;

    const existing = await currentSession(request);
    if (existing !== undefined) {
      // Same person: nothing to do. Someone else: refuse rather than silently swap accounts under the user.
      const sessionUser = existing.getUserId();
      const tokenUser = (await supertokens.getUser(verified.sub))?.id ?? verified.sub;
      if (sessionUser === tokenUser || existing.getRecipeUserId().getAsString() === verified.sub) {
        return { outcome: "already_migrated", reason: "session_exists", userId: sessionUser, tokenKind };
      }
      throw new MigrationFailure("SESSION_EXISTS_FOR_ANOTHER_USER", "session_for_other_user");
    }

    // The session's user is the Auth0 `sub`; if the core maps that id to a SuperTokens user, the core resolves it.
    const session = await Session.createNewSession(
      request.req,
      request.res,
      "public",
      supertokens.convertToRecipeUserId(verified.sub),
      pick(verified.claims, config.copyClaims),
    );
    return { outcome: "migrated", reason: "ok", userId: session.getUserId(), tokenKind };
  }

  return {
    async handle(request) {
      const started = performance.now();
      let result: Omit<MigrationResult, "durationMs">;
      let retryAfter: number | undefined;
      try {
        result = { status: "OK", ...(await migrate(request)) };
      } catch (error) {
        const failure =
          error instanceof MigrationFailure
            ? error
            : new MigrationFailure("INTERNAL_ERROR", `unexpected: ${describeError(error)}`);
        const outcome =
          failure.code === "INTERNAL_ERROR" || failure.code === "AUTH0_UNAVAILABLE" ? "failed" : "refused";
        result = { outcome, status: failure.code, reason: failure.reason };
        retryAfter = failure.retryAfter;
      }
      const report: MigrationResult = {
        ...result,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      log(report);
      try {
        options.onMigration?.(report);
      } catch (error) {
        console.error(`session migration: onMigration failed: ${describeError(error)}`);
      }
      return reply(report, retryAfter);
    },
  };
}

function reply(result: MigrationResult, retryAfter: number | undefined): MigrationReply {
  // Session tokens travel in this response: no cache may keep it.
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (result.status === "OK") {
    const message =
      result.outcome === "migrated" ? "Session created." : "A session for this user already exists.";
    return { statusCode: 200, headers, body: { status: "OK", message, userId: result.userId } };
  }
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  const { httpStatus, message } = FAILURES[result.status];
  return { statusCode: httpStatus, headers, body: { status: result.status, message } };
}

async function currentSession(request: MigrationRequest) {
  try {
    // Only read to compare users, never to authorise a change: no anti-CSRF check, and no claim validators (a session
    // that fails, say, an email-verification claim still names its user).
    return await Session.getSession(request.req, request.res, {
      sessionRequired: false,
      antiCsrfCheck: false,
      overrideGlobalClaimValidators: () => [],
    });
  } catch (error) {
    if (!Session.Error.isErrorFromSuperTokens(error)) throw error;
    // A revoked session is as good as none: the new session replaces it.
    if (error.type === Session.Error.UNAUTHORISED) return undefined;
    // An expired access token still belongs to a live session (its refresh token lasts far longer), so it must not
    // count as none: the user would be swapped silently. The front-end SDK refreshes on this 401 and retries.
    if (error.type === Session.Error.TRY_REFRESH_TOKEN) {
      throw new MigrationFailure("TRY_REFRESH_TOKEN", "session_needs_refresh");
    }
    throw error;
  }
}

/** The framework's body parser failed: its HTTP status says why. */
function bodyFailure(error: unknown): MigrationFailure {
  // Express and Koa set `status`, Fastify `statusCode`, hapi (Boom) `output.statusCode`.
  const output = isObject(error) && isObject(error.output) ? error.output : undefined;
  const status = isObject(error) ? (error.status ?? error.statusCode ?? output?.statusCode) : undefined;
  if (status === 413) return new MigrationFailure("PAYLOAD_TOO_LARGE", "body_too_large");
  if (status === 415) return new MigrationFailure("UNSUPPORTED_MEDIA_TYPE", "unsupported_charset");
  if (error instanceof SyntaxError || (typeof status === "number" && status >= 400 && status < 500)) {
    return new MigrationFailure("BAD_REQUEST", "malformed_json");
  }
  // A body whose Content-Encoding does not decode: zlib's errors (Z_… for gzip and deflate, ERR__ERROR_… for
  // brotli) carry no HTTP status.
  const code = isObject(error) ? error.code : undefined;
  if (typeof code === "string" && /^(Z_|ERR__ERROR_)/.test(code)) {
    return new MigrationFailure("BAD_REQUEST", "bad_content_encoding");
  }
  return new MigrationFailure("INTERNAL_ERROR", `body_parser: ${describeError(error)}`);
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined when there is none. */
function charsetOf(contentType: string | undefined): string | undefined {
  for (const param of contentType?.split(";").slice(1) ?? []) {
    const eq = param.indexOf("=");
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    return param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pick(claims: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    names.filter((name) => claims[name] !== undefined).map((name) => [name, claims[name]]),
  );
}

function logLine(result: MigrationResult): void {
  const line = JSON.stringify({ event: "session_migration", ...result });
  if (result.outcome === "failed") console.error(line);
  else console.log(line);
}
