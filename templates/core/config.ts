// Settings come from the environment and are checked once, at start-up: a typo in an issuer or an audience must stop
// the server with a clear line, not surface later as every user getting a 401.

/** What the migration endpoint needs to verify Auth0 tokens and guard the route. */
export interface MigrationConfig {
  /** Exact `iss` values accepted. The first one also serves the JWKS and /userinfo. */
  issuers: string[];
  /** Your Auth0 API identifier: `aud` must contain it. */
  audience: string;
  /** Auth0 application (client) ids allowed to mint sessions; empty means any application of the tenant. */
  clientIds: string[];
  /** Signing algorithms accepted; RS256 is Auth0's default, PS256 needs an Auth0 add-on. */
  algorithms: string[];
  /** Accept opaque access tokens (no audience requested) by asking Auth0's /userinfo who they belong to. */
  allowOpaque: boolean;
  /** Seconds since `iat` after which a token is refused with TOKEN_TOO_OLD. */
  maxTokenAge: number;
  /** Browser origins allowed to call the endpoint (CORS and the Origin check). */
  allowedOrigins: string[];
  /** Auth0 claims copied into the SuperTokens access-token payload. */
  copyClaims: string[];
  /** Seconds after a JWKS download during which an unknown key id cannot trigger another one. */
  jwksCooldown: number;
}

/** What the generated server needs besides the migration settings. */
export interface ServerConfig {
  connectionURI: string;
  apiKey: string | undefined;
  apiDomain: string;
  apiBasePath: string;
  websiteDomain: string;
  port: number;
  host: string | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

// Claims SuperTokens manages itself: copying them would fail or corrupt the session.
const PROTECTED_CLAIMS = new Set([
  "sub",
  "iat",
  "exp",
  "iss",
  "sessionHandle",
  "parentRefreshTokenHash1",
  "refreshTokenHash1",
  "antiCsrfToken",
  "rsub",
  "tId",
  "stt",
]);

export function readMigrationConfig(env: Env): MigrationConfig {
  const problems: string[] = [];
  const config = migrationSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(describe(problems));
  return config;
}

export function readConfig(env: Env): { migration: MigrationConfig; server: ServerConfig } {
  const problems: string[] = [];
  const migration = migrationSettings(env, problems);
  const server = serverSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(describe(problems));
  return { migration, server };
}

/** Runs `read` and, on a configuration problem, prints one line naming the variables and exits. */
export function configOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function describe(problems: string[]): string {
  return `Configuration error: ${problems.join("; ")}.`;
}

function migrationSettings(env: Env, problems: string[]): MigrationConfig {
  const domain = value(env, "AUTH0_DOMAIN");
  const baseUrl = value(env, "AUTH0_ISSUER_BASE_URL");
  let issuer: string | undefined;
  if (domain === undefined && baseUrl === undefined) {
    problems.push("AUTH0_DOMAIN or AUTH0_ISSUER_BASE_URL is required");
  } else {
    const fromDomain = domain === undefined ? undefined : issuerUrl(domain, "AUTH0_DOMAIN", problems);
    const fromBaseUrl =
      baseUrl === undefined ? undefined : issuerUrl(baseUrl, "AUTH0_ISSUER_BASE_URL", problems);
    if (fromDomain && fromBaseUrl && fromDomain !== fromBaseUrl) {
      problems.push("AUTH0_DOMAIN and AUTH0_ISSUER_BASE_URL name different tenants; set only one");
    }
    issuer = fromBaseUrl ?? fromDomain;
  }
  const customIssuers = list(env, "AUTH0_CUSTOM_ISSUERS").map((item) =>
    issuerUrl(item, "AUTH0_CUSTOM_ISSUERS", problems),
  );

  const audience = value(env, "AUTH0_AUDIENCE");
  if (audience === undefined) problems.push("AUTH0_AUDIENCE is required (your Auth0 API identifier)");
  else if (/\s/.test(audience)) problems.push("AUTH0_AUDIENCE must not contain spaces");

  const algorithms = list(env, "AUTH0_ALGORITHMS");
  for (const alg of algorithms) {
    if (alg !== "RS256" && alg !== "PS256") problems.push("AUTH0_ALGORITHMS accepts only RS256 and PS256");
  }

  const websiteDomain = value(env, "WEBSITE_DOMAIN");
  const extraOrigins = list(env, "ALLOWED_ORIGINS");
  if (websiteDomain === undefined) problems.push("WEBSITE_DOMAIN is required (your site's origin)");
  const allowedOrigins = [...(websiteDomain === undefined ? [] : [websiteDomain]), ...extraOrigins].map(
    (item) => origin(item, websiteDomain === item ? "WEBSITE_DOMAIN" : "ALLOWED_ORIGINS", problems),
  );

  const copyClaims = list(env, "MIGRATION_COPY_CLAIMS");
  for (const claim of copyClaims) {
    if (PROTECTED_CLAIMS.has(claim)) problems.push(`MIGRATION_COPY_CLAIMS must not include "${claim}"`);
  }

  return {
    issuers: [...new Set([issuer ?? "", ...customIssuers])],
    audience: audience ?? "",
    clientIds: list(env, "AUTH0_CLIENT_IDS"),
    algorithms: algorithms.length > 0 ? [...new Set(algorithms)] : ["RS256"],
    allowOpaque: flag(env, "AUTH0_ALLOW_OPAQUE", problems),
    maxTokenAge: integer(env, "MIGRATION_MAX_TOKEN_AGE", 3600, 1, 7 * 24 * 3600, problems),
    allowedOrigins: [...new Set(allowedOrigins)],
    copyClaims,
    // At least a second: without a cooldown, every made-up key id would cost one download of your tenant's JWKS.
    jwksCooldown: integer(env, "AUTH0_JWKS_COOLDOWN", 30, 1, 3600, problems),
  };
}

function serverSettings(env: Env, problems: string[]): ServerConfig {
  const connectionURI = value(env, "SUPERTOKENS_CONNECTION_URI");
  if (connectionURI === undefined) problems.push("SUPERTOKENS_CONNECTION_URI is required");
  else if (!isHttpUrl(connectionURI)) problems.push("SUPERTOKENS_CONNECTION_URI must be an http(s) URL");

  const apiDomain = value(env, "API_DOMAIN");
  if (apiDomain === undefined) problems.push("API_DOMAIN is required (this server's public origin)");

  const apiBasePath = value(env, "API_BASE_PATH") ?? "/auth";
  if (!/^\/[\w\-./~]*$/.test(apiBasePath)) problems.push('API_BASE_PATH must be a path starting with "/"');

  return {
    connectionURI: connectionURI ?? "",
    apiKey: value(env, "SUPERTOKENS_API_KEY"),
    apiDomain: apiDomain === undefined ? "" : origin(apiDomain, "API_DOMAIN", problems),
    apiBasePath: apiBasePath.length > 1 ? apiBasePath.replace(/\/+$/, "") : apiBasePath,
    websiteDomain: value(env, "WEBSITE_DOMAIN") ?? "",
    port: integer(env, "PORT", 3001, 0, 65535, problems),
    host: value(env, "HOST"),
  };
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function list(env: Env, name: string): string[] {
  return (value(env, name) ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function flag(env: Env, name: string, problems: string[]): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  problems.push(`${name} must be true or false`);
  return false;
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) {
    problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function isHttpUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return url !== null && (url.protocol === "https:" || url.protocol === "http:");
}

// Plain http is only acceptable when the traffic never leaves the machine (the local dev tenant).
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** `tenant.eu.auth0.com` or `https://login.example.com/` -> the exact issuer Auth0 puts in `iss`. */
function issuerUrl(raw: string, name: string, problems: string[]): string {
  const url = parseUrl(/^[a-z][a-z\d+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  const secure =
    url !== null && (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname)));
  // Auth0's issuers have no path: one (say, a pasted …/authorize or …/.well-known/… URL) would refuse every token.
  const bare = url !== null && url.pathname === "/";
  if (url === null || !secure || !bare || url.username || url.password || url.search || url.hash) {
    problems.push(
      `${name} must be a domain like tenant.eu.auth0.com or an https URL without a path (http only for localhost)`,
    );
    return "";
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * An exact origin, as browsers send it in the Origin header: scheme, host and port, nothing else (a trailing "/" is
 * tolerated). Anything that would change on the way there is refused, not silently trimmed: a wildcard, which some
 * CORS libraries would honour, a path, a query, credentials.
 */
function origin(raw: string, name: string, problems: string[]): string {
  const url = parseUrl(raw);
  const exact = url !== null && url.origin === raw.replace(/\/$/, "").toLowerCase();
  if (url === null || !isHttpUrl(raw) || !exact || raw.includes("*")) {
    const what = name === "ALLOWED_ORIGINS" ? "list origins" : "be an origin";
    problems.push(`${name} must ${what} like https://example.com, not "${raw}"`);
    return "";
  }
  return url.origin;
}
