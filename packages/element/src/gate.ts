// The cheap, synchronous check that runs before anything is downloaded: does this browser hold an auth0-spa-js
// session for the client? auth0-spa-js writes `auth0.<clientId>.is.authenticated` (and its `_legacy_` twin) after
// every token response, and with `cacheLocation: "localstorage"` keeps entries under `@@auth0spajs@@::<clientId>::`.

/** What the gate reads; defaults to the page's `document.cookie` and `localStorage`. */
export interface GateInput {
  cookie?: string;
  storage?: Pick<Storage, "length" | "key"> | null;
}

/** Names of the first-party cookies auth0-spa-js sets for `clientId`. */
export function auth0CookieNames(clientId: string): string[] {
  return [`auth0.${clientId}.is.authenticated`, `_legacy_auth0.${clientId}.is.authenticated`];
}

/** Cookie names present in a `document.cookie` string. */
export function cookieNames(cookie: string): Set<string> {
  const names = new Set<string>();
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name) names.add(safeDecode(name));
  }
  return names;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function pageStorage(): GateInput["storage"] {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (sandboxed frame, privacy settings)
  }
}

/** True when the browser shows signs of an auth0-spa-js session for `clientId` (cookie hint or localStorage cache). */
export function hasAuth0Session(clientId: string, input: GateInput = {}): boolean {
  const cookie = input.cookie ?? (typeof document === "undefined" ? "" : document.cookie);
  const names = cookieNames(cookie);
  if (auth0CookieNames(clientId).some((n) => names.has(n))) return true;
  const storage = input.storage === undefined ? pageStorage() : input.storage;
  if (!storage) return false;
  const prefix = `@@auth0spajs@@::${clientId}::`;
  try {
    for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith(prefix)) return true;
  } catch {
    return false;
  }
  return false;
}
