// Small servers and token makers the contract suite uses to attack a generated endpoint.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CompactEncrypt, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An attacker's key set, served over HTTP: the endpoint must never fetch it. */
export async function startAttackerJwks() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: "attacker-key", alg: "RS256", use: "sig" };
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  const url = await listen(server);
  return {
    jwksUrl: `${url}/.well-known/jwks.json`,
    publicJwk,
    get requests() {
      return requests;
    },
    /** Signs with the attacker's key, whatever header is asked for. */
    sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
      return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", ...header }).sign(privateKey);
    },
    stop: () => close(server),
  };
}

/**
 * A stand-in for a custom domain in front of the tenant: forwards everything, and can answer /userinfo with 429
 * (Auth0's rate limit) on demand.
 */
export async function startTenantProxy(target: string) {
  const upstream = new URL(target);
  let userinfoRateLimited = false;
  const server = createServer((req: IncomingMessage, res) => {
    if (userinfoRateLimited && req.url?.startsWith("/userinfo")) {
      res.writeHead(429, { "retry-after": "7", "content-type": "application/json" });
      res.end(JSON.stringify({ error: "too_many_requests" }));
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  const url = await listen(server);
  return {
    issuer: `${url}/`,
    setUserinfoRateLimited(value: boolean) {
      userinfoRateLimited = value;
    },
    stop: () => close(server),
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** `alg: none`: a token with no signature at all. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

/** The classic key-confusion forgery: HS256 with the tenant's RSA public key (PEM) as the HMAC secret. */
export async function hs256WithPublicKey(issuer: string, claims: Record<string, unknown>): Promise<string> {
  const { keys } = (await (await fetch(`${issuer}.well-known/jwks.json`)).json()) as { keys: JWK[] };
  const jwk = keys[0] as JWK;
  const pem = await exportSPKI((await importJWK({ ...jwk, alg: "RS256" }, "RS256")) as CryptoKey);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: jwk.kid })
    .sign(new TextEncoder().encode(pem));
}

/** Signed with a key the tenant never published, but claiming the tenant's key id. */
export async function wrongKeyToken(issuer: string, claims: Record<string, unknown>): Promise<string> {
  const { keys } = (await (await fetch(`${issuer}.well-known/jwks.json`)).json()) as { keys: JWK[] };
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: keys[0]?.kid })
    .sign(privateKey);
}

/** A 5-part JWE like Auth0's encrypted access tokens: unreadable for the API. */
export function encryptedToken(claims: Record<string, unknown>): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(crypto.getRandomValues(new Uint8Array(32)));
}

/** Cookie jar of one browser: keeps `name=value` of every Set-Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}
