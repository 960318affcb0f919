// Decides whose Auth0 access token this is. Anyone can post any string here and receive a long-lived session for the
// user it names, so every check below is load-bearing (RFC 8725, the JWT Best Current Practices).
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyResult, jwtVerify } from "jose";
import type { MigrationConfig } from "./config.js";
import { describeError, MigrationFailure } from "./failure.js";
import { createUserinfoClient } from "./userinfo.js";

export interface VerifiedToken {
  /** The Auth0 user id, e.g. `auth0|64f…` or `google-oauth2|1234`. */
  sub: string;
  kind: "jwt" | "opaque";
  claims: JWTPayload;
}

// SuperTokens refuses external user ids longer than this.
const MAX_SUB_LENGTH = 128;
// Seconds of clock skew tolerated on exp, nbf and iat (the same default as Auth0's own verifier).
const CLOCK_TOLERANCE = 5;
// A JWKS download that takes longer than this is treated as Auth0 being unavailable.
const JWKS_TIMEOUT_MS = 3000;
// RFC 9068 tokens say `at+jwt`; Auth0's default profile says `JWT`. Anything else (logout tokens, DPoP proofs…) is
// not an access token.
const ACCESS_TOKEN_TYPES = new Set(["jwt", "at+jwt", "application/at+jwt"]);

export function createTokenVerifier(config: MigrationConfig): (token: string) => Promise<VerifiedToken> {
  const issuer = config.issuers[0];
  // One key set per process: keys are cached, and a token with an unknown `kid` triggers at most one download per
  // cooldown, so a flood of made-up key ids cannot be turned against your tenant's JWKS rate limit. Only this URL is
  // ever fetched: jku, x5u and jwk headers in a token are ignored.
  const jwks = createRemoteJWKSet(new URL(".well-known/jwks.json", issuer), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: config.jwksCooldown * 1000,
  });
  const userinfo = config.allowOpaque ? createUserinfoClient(new URL("userinfo", issuer)) : undefined;

  async function verifyJwt(token: string): Promise<VerifiedToken> {
    let verified: JWTVerifyResult;
    try {
      verified = await jwtVerify(token, jwks, {
        algorithms: config.algorithms,
        issuer: config.issuers,
        audience: config.audience,
        clockTolerance: CLOCK_TOLERANCE,
        maxTokenAge: config.maxTokenAge,
        requiredClaims: ["exp", "sub"],
      });
    } catch (error) {
      throw classify(error);
    }
    const { payload: claims, protectedHeader } = verified;
    const typ = protectedHeader.typ;
    if (typ !== undefined && (typeof typ !== "string" || !ACCESS_TOKEN_TYPES.has(typ.toLowerCase()))) {
      throw new MigrationFailure("INVALID_TOKEN", "bad_typ");
    }
    const client = claims.azp ?? claims.client_id;
    if (config.clientIds.length > 0 && (typeof client !== "string" || !config.clientIds.includes(client))) {
      throw new MigrationFailure("INVALID_TOKEN", "bad_client");
    }
    return { sub: checkSub(claims.sub), kind: "jwt", claims };
  }

  return async function verifyAccessToken(token: string): Promise<VerifiedToken> {
    // A compact JWS has exactly three parts. Auth0's opaque tokens have none, and its encrypted (JWE) tokens have five:
    // neither can be read here, so they go to /userinfo, and only when that was switched on.
    if (token.split(".").length === 3) return verifyJwt(token);
    if (userinfo === undefined) throw new MigrationFailure("INVALID_TOKEN", "not_a_jws");
    const { sub, claims } = await userinfo(token);
    return { sub: checkSub(sub), kind: "opaque", claims };
  };
}

function checkSub(sub: unknown): string {
  if (typeof sub !== "string" || sub === "" || sub.length > MAX_SUB_LENGTH) {
    throw new MigrationFailure("INVALID_TOKEN", "bad_sub");
  }
  return sub;
}

/** Maps jose's errors to what the client may learn; the precise reason is kept for the log. */
function classify(error: unknown): MigrationFailure {
  if (error instanceof errors.JWTExpired) {
    return error.claim === "iat"
      ? new MigrationFailure("TOKEN_TOO_OLD", "too_old")
      : new MigrationFailure("INVALID_TOKEN", "expired");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new MigrationFailure("INVALID_TOKEN", `bad_${error.claim}`);
  }
  // The key set could not be downloaded or read: the token may be fine, so the client should retry later.
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && error.code === "ERR_JOSE_GENERIC") ||
    !(error instanceof errors.JOSEError)
  ) {
    return new MigrationFailure("AUTH0_UNAVAILABLE", `jwks_unavailable: ${describeError(error)}`, 5);
  }
  const reasons: Record<string, string> = {
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "bad_signature",
    ERR_JWKS_NO_MATCHING_KEY: "unknown_key",
    ERR_JOSE_ALG_NOT_ALLOWED: "bad_alg",
    ERR_JOSE_NOT_SUPPORTED: "unsupported",
  };
  return new MigrationFailure("INVALID_TOKEN", reasons[error.code] ?? "malformed");
}
