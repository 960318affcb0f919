// Test users of the development tenant. No passwords: anyone who can reach this dev-only server signs in as anyone.

/** The profile claims Auth0 puts in ID tokens and /userinfo for the `profile` and `email` scopes. */
export interface UserProfile {
  sub: string;
  name: string;
  given_name?: string;
  family_name?: string;
  nickname: string;
  picture: string;
  email: string;
  email_verified: boolean;
  updated_at: string;
}

/** Claims per OpenID scope, as Auth0 returns them. */
export const SCOPE_CLAIMS: ReadonlyMap<string, readonly string[]> = new Map([
  ["openid", ["sub"]],
  ["profile", ["name", "given_name", "family_name", "nickname", "picture", "updated_at"]],
  ["email", ["email", "email_verified"]],
]);

const UPDATED_AT = "2026-01-01T00:00:00.000Z";

function avatar(label: string): string {
  const initials = label
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  let hash = 0;
  for (const ch of label) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="32" ` +
    `fill="hsl(${hash},55%,45%)"/><text x="32" y="41" font-family="sans-serif" font-size="24" ` +
    `text-anchor="middle" fill="#fff">${initials || "?"}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function fixed(
  sub: string,
  name: string,
  email: string,
  extra: Partial<Pick<UserProfile, "given_name" | "family_name" | "email_verified" | "nickname">> = {},
): UserProfile {
  return {
    sub,
    name,
    nickname: extra.nickname ?? email.split("@")[0] ?? name,
    picture: avatar(name),
    email,
    email_verified: extra.email_verified ?? true,
    updated_at: UPDATED_AT,
    ...(extra.given_name ? { given_name: extra.given_name } : {}),
    ...(extra.family_name ? { family_name: extra.family_name } : {}),
  };
}

/** The fixed users (database, social and enterprise connections, like a real tenant). */
export const FIXED_USERS: readonly UserProfile[] = [
  fixed("auth0|alice", "Alice Anderson", "alice@example.com"),
  fixed("auth0|bob", "Bob Baker", "bob@example.com"),
  fixed("auth0|carol", "Carol Chen", "carol@example.com", { email_verified: false }),
  fixed("google-oauth2|1234567890", "Grace Green", "grace.green@example.com", {
    given_name: "Grace",
    family_name: "Green",
  }),
  fixed("github|100200300", "Gus Hub", "gus@example.org", { nickname: "gushub" }),
  fixed("samlp|acme|dave@acme.example", "Dave Acme", "dave@acme.example"),
];

const fixedBySub = new Map(FIXED_USERS.map((u) => [u.sub, u]));

// Auth0 user ids are "<connection strategy>|<id>"; enterprise ids may contain further "|".
const SUB_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}\|[A-Za-z0-9._@+|-]{1,100}$/;
const NAME_PATTERN = /^[A-Za-z0-9._@+-]{1,64}$/;

/**
 * The user id for what someone typed on the login form or passed to `login({ user })`: `alice` -> `auth0|alice`;
 * a value containing `|` is taken as a full user id. Returns undefined for anything that is not a plausible id.
 */
export function userIdFor(input: string): string | undefined {
  const value = input.trim();
  if (value.includes("|")) return SUB_PATTERN.test(value) ? value : undefined;
  return NAME_PATTERN.test(value) ? `auth0|${value}` : undefined;
}

/** The profile of a user id: a fixed user, or one derived from the id for any other well-formed id. */
export function findUser(sub: string): UserProfile | undefined {
  const known = fixedBySub.get(sub);
  if (known) return known;
  if (!SUB_PATTERN.test(sub)) return undefined;
  const local = sub.slice(sub.lastIndexOf("|") + 1);
  const email = local.includes("@") ? local : `${local}@example.com`;
  return fixed(sub, local, email.toLowerCase());
}

/** The claims of a user that the given space-separated scope grants (Auth0 semantics, no `claims` parameter). */
export function claimsForScope(user: UserProfile, scope: string): Record<string, unknown> {
  const out: Record<string, unknown> = { sub: user.sub };
  const record = user as unknown as Record<string, unknown>;
  for (const s of scope.split(" ")) {
    for (const claim of SCOPE_CLAIMS.get(s) ?? []) {
      if (record[claim] !== undefined) out[claim] = record[claim];
    }
  }
  return out;
}
