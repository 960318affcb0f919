// Opaque access tokens (requested without an audience) and encrypted ones cannot be verified locally: only Auth0's
// /userinfo can say whose they are. It proves the token is live for *some* application of your tenant, nothing about
// audience or age, which is why this path is opt-in (AUTH0_ALLOW_OPAQUE=true).
import { createHash } from "node:crypto";
import { describeError, MigrationFailure } from "./failure.js";

const TIMEOUT_MS = 3000;
// Auth0 allows about 5 /userinfo calls per minute per user, so answers are reused briefly (one page load often asks
// twice, from several tabs) and no more than a few calls run at once.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 1000;
const MAX_CONCURRENT_CALLS = 8;
// Characters of an OAuth bearer token (RFC 6750 b64token); anything else is refused before it reaches a header.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

interface Userinfo {
  sub: unknown;
  claims: Record<string, unknown>;
}

export function createUserinfoClient(url: URL): (token: string) => Promise<Userinfo> {
  const cache = new Map<string, { answer: Userinfo; expires: number }>();
  const inFlight = new Map<string, Promise<Userinfo>>();

  return async function userinfo(token: string): Promise<Userinfo> {
    if (!BEARER_TOKEN.test(token)) throw new MigrationFailure("INVALID_TOKEN", "malformed_opaque");
    // Keyed by a hash so the cache never holds usable tokens.
    const key = createHash("sha256").update(token).digest("base64url");
    const cached = cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.answer;
    cache.delete(key);

    let pending = inFlight.get(key);
    if (pending === undefined) {
      if (inFlight.size >= MAX_CONCURRENT_CALLS) {
        throw new MigrationFailure("AUTH0_UNAVAILABLE", "userinfo_busy", 1);
      }
      pending = fetchUserinfo(url, token).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const answer = await pending;
    if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { answer, expires: Date.now() + CACHE_TTL_MS });
    return answer;
  };
}

async function fetchUserinfo(url: URL, token: string): Promise<Userinfo> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new MigrationFailure("AUTH0_UNAVAILABLE", `userinfo_unreachable: ${describeError(error)}`, 5);
  }
  if (response.status === 401 || response.status === 403) {
    throw new MigrationFailure("INVALID_TOKEN", "userinfo_refused");
  }
  if (response.status === 429) {
    // Auth0's rate limit, not the user's fault: tell the client when to retry instead of calling the token bad.
    const wait = Number(response.headers.get("retry-after"));
    throw new MigrationFailure(
      "AUTH0_UNAVAILABLE",
      "userinfo_rate_limited",
      wait >= 1 && wait <= 300 ? wait : 30,
    );
  }
  if (response.status !== 200) {
    throw new MigrationFailure("AUTH0_UNAVAILABLE", `userinfo_status_${response.status}`, 5);
  }
  let claims: Record<string, unknown>;
  try {
    claims = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw new MigrationFailure("AUTH0_UNAVAILABLE", `userinfo_unreadable: ${describeError(error)}`, 5);
  }
  if (claims === null || typeof claims !== "object") {
    throw new MigrationFailure("AUTH0_UNAVAILABLE", "userinfo_unreadable", 5);
  }
  return { sub: claims.sub, claims };
}
