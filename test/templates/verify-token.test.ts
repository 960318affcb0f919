// The core's token verification against a local key set and /userinfo, with keys made here: the cases the dev tenant
// cannot produce (a validly signed crit header, PS256, an unreachable key set, /userinfo under load).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { MigrationConfig } from "../../templates/core/config.js";
import { MigrationFailure } from "../../templates/core/failure.js";
import { createTokenVerifier } from "../../templates/core/verify-token.js";

interface Issuer {
  url: string;
  jwksRequests: number;
  userinfoRequests: number;
  userinfo: (auth: string) => {
    status: number;
    body?: unknown;
    delayMs?: number;
    headers?: Record<string, string>;
  };
  jwksStatus: number;
  keys: JWK[];
  server: Server;
}

async function startIssuer(): Promise<Issuer> {
  const issuer = {
    jwksRequests: 0,
    userinfoRequests: 0,
    jwksStatus: 200,
    keys: [] as JWK[],
    userinfo: (_auth: string) => ({ status: 401 }) as ReturnType<Issuer["userinfo"]>,
  } as Issuer;
  issuer.server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      issuer.jwksRequests++;
      res.writeHead(issuer.jwksStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: issuer.keys }));
    } else if (req.url === "/userinfo") {
      issuer.userinfoRequests++;
      const answer = issuer.userinfo(req.headers.authorization ?? "");
      setTimeout(() => {
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, "127.0.0.1", resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}/`;
  return issuer;
}

const AUDIENCE = "https://api.example.com/";

function config(issuer: Issuer, overrides: Partial<MigrationConfig> = {}): MigrationConfig {
  return {
    issuers: [issuer.url],
    audience: AUDIENCE,
    clientIds: [],
    algorithms: ["RS256"],
    allowOpaque: false,
    maxTokenAge: 3600,
    allowedOrigins: ["http://localhost:3000"],
    copyClaims: [],
    jwksCooldown: 30,
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<MigrationFailure> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof MigrationFailure, `expected a MigrationFailure, got ${String(error)}`);
  return error;
}

describe("core: verify-token", () => {
  let issuer: Issuer;
  let rsa: CryptoKey;
  let ps: CryptoKey;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: issuer.url,
    sub: "auth0|alice",
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 600,
    azp: "spa",
    ...extra,
  });
  const sign = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, key = rsa) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: "rsa", typ: "JWT", ...header })
      .sign(key, { crit: { "x-hint": true } });

  before(async () => {
    issuer = await startIssuer();
    const rsaPair = await generateKeyPair("RS256", { extractable: true });
    const psPair = await generateKeyPair("PS256", { extractable: true });
    rsa = rsaPair.privateKey;
    ps = psPair.privateKey;
    issuer.keys = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: "rsa", alg: "RS256", use: "sig" },
      { ...(await exportJWK(psPair.publicKey)), kid: "ps", alg: "PS256", use: "sig" },
    ];
  });
  after(() => new Promise<void>((resolve) => issuer.server.close(() => resolve())));

  test("accepts a valid RS256 token, aud as string or array, typ JWT, at+jwt or none", async () => {
    const verify = createTokenVerifier(config(issuer));
    for (const [aud, typ] of [
      [AUDIENCE, "JWT"],
      [[AUDIENCE, `${issuer.url}userinfo`], "at+jwt"],
      [[`${issuer.url}userinfo`, AUDIENCE], undefined],
    ] as const) {
      const verified = await verify(await sign(claims({ aud }), { typ }));
      assert.equal(verified.sub, "auth0|alice");
      assert.equal(verified.kind, "jwt");
    }
  });

  test("a sub of exactly 128 characters is accepted, 129 is not", async () => {
    const verify = createTokenVerifier(config(issuer));
    const sub128 = `auth0|${"x".repeat(122)}`;
    assert.equal((await verify(await sign(claims({ sub: sub128 })))).sub, sub128);
    const failure = await refusal(verify(await sign(claims({ sub: `${sub128}x` }))));
    assert.equal(failure.reason, "bad_sub");
  });

  test("a validly signed token with an unknown crit parameter is refused", async () => {
    const verify = createTokenVerifier(config(issuer));
    const failure = await refusal(verify(await sign(claims(), { crit: ["x-hint"], "x-hint": 1 })));
    assert.equal(failure.code, "INVALID_TOKEN");
    assert.equal(failure.reason, "unsupported");
  });

  test("PS256 only when configured", async () => {
    const token = await sign(claims(), { alg: "PS256", kid: "ps" }, ps);
    assert.equal((await refusal(createTokenVerifier(config(issuer))(token))).reason, "bad_alg");
    const verified = await createTokenVerifier(config(issuer, { algorithms: ["RS256", "PS256"] }))(token);
    assert.equal(verified.sub, "auth0|alice");
  });

  test("iat older than maxTokenAge is TOKEN_TOO_OLD; iat in the future is INVALID_TOKEN", async () => {
    const verify = createTokenVerifier(config(issuer, { maxTokenAge: 60 }));
    const old = await refusal(verify(await sign(claims({ iat: now() - 120 }))));
    assert.equal(old.code, "TOKEN_TOO_OLD");
    const future = await refusal(verify(await sign(claims({ iat: now() + 120 }))));
    assert.equal(future.code, "INVALID_TOKEN");
    // Within the 5 s clock tolerance is fine.
    assert.equal((await verify(await sign(claims({ iat: now() - 63 })))).sub, "auth0|alice");
  });

  test("client allowlist checks azp, then client_id", async () => {
    const verify = createTokenVerifier(config(issuer, { clientIds: ["spa"] }));
    assert.equal((await verify(await sign(claims()))).sub, "auth0|alice");
    const { azp: _azp, ...rfc } = claims({ client_id: "spa" });
    assert.equal((await verify(await sign(rfc))).sub, "auth0|alice");
    assert.equal((await refusal(verify(await sign({ ...rfc, client_id: "other" })))).reason, "bad_client");
    const { azp: _none, ...noClient } = claims();
    assert.equal((await refusal(verify(await sign(noClient)))).reason, "bad_client");
  });

  test("exp is required", async () => {
    const { exp: _exp, ...noExp } = claims();
    const failure = await refusal(createTokenVerifier(config(issuer))(await sign(noExp)));
    assert.equal(failure.reason, "bad_exp");
  });

  test("a key set that answers 500 or cannot be reached is AUTH0_UNAVAILABLE with Retry-After, never INVALID_TOKEN", async () => {
    const fresh = await startIssuer();
    fresh.keys = issuer.keys;
    fresh.jwksStatus = 500;
    const verify = createTokenVerifier(config(fresh));
    const token = await sign(claims({ iss: fresh.url }));
    const down = await refusal(verify(token));
    assert.equal(down.code, "AUTH0_UNAVAILABLE");
    assert.ok((down.retryAfter ?? 0) > 0);
    fresh.jwksStatus = 200;
    assert.equal((await verify(token)).sub, "auth0|alice");
    await new Promise<void>((resolve) => fresh.server.close(() => resolve()));
    // Connection refused (the cached keys were dropped with a new verifier).
    const gone = await refusal(createTokenVerifier(config(fresh))(token));
    assert.equal(gone.code, "AUTH0_UNAVAILABLE");
  });

  // Without the fetch timeouts this would hang until the test's own timeout fails it.
  test("a key set or /userinfo that never answers times out as AUTH0_UNAVAILABLE", {
    timeout: 15_000,
  }, async () => {
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    try {
      const verify = createTokenVerifier({ ...config(issuer), issuers: [url], allowOpaque: true });
      const [jwt, opaque] = await Promise.all([
        refusal(verify(await sign(claims({ iss: url })))),
        refusal(verify("opaque-token")),
      ]);
      assert.deepEqual([jwt.code, opaque.code], ["AUTH0_UNAVAILABLE", "AUTH0_UNAVAILABLE"]);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  describe("opaque tokens through /userinfo", () => {
    test("refused without AUTH0_ALLOW_OPAQUE, and /userinfo is not called", async () => {
      const calls = issuer.userinfoRequests;
      const failure = await refusal(createTokenVerifier(config(issuer))("opaque-token"));
      assert.equal(failure.reason, "not_a_jws");
      assert.equal(issuer.userinfoRequests, calls);
    });

    test("resolved to sub, cached, and concurrent identical calls share one request", async () => {
      issuer.userinfo = (auth) =>
        auth === "Bearer good-token"
          ? { status: 200, body: { sub: "auth0|opal" }, delayMs: 50 }
          : { status: 401 };
      const verify = createTokenVerifier(config(issuer, { allowOpaque: true }));
      const calls = issuer.userinfoRequests;
      const answers = await Promise.all([verify("good-token"), verify("good-token"), verify("good-token")]);
      assert.deepEqual(
        answers.map((a) => [a.sub, a.kind]),
        Array(3).fill(["auth0|opal", "opaque"]),
      );
      assert.equal((await verify("good-token")).sub, "auth0|opal");
      assert.equal(issuer.userinfoRequests - calls, 1);
    });

    test("401 is INVALID_TOKEN; 429 and 5xx are AUTH0_UNAVAILABLE; a bad sub is INVALID_TOKEN", async () => {
      const verify = createTokenVerifier(config(issuer, { allowOpaque: true }));
      issuer.userinfo = () => ({ status: 401 });
      assert.equal((await refusal(verify("t-401"))).code, "INVALID_TOKEN");
      issuer.userinfo = () => ({ status: 429, headers: { "retry-after": "12" } });
      const limited = await refusal(verify("t-429"));
      assert.deepEqual([limited.code, limited.retryAfter], ["AUTH0_UNAVAILABLE", 12]);
      issuer.userinfo = () => ({ status: 502 });
      assert.equal((await refusal(verify("t-502"))).code, "AUTH0_UNAVAILABLE");
      issuer.userinfo = () => ({ status: 200, body: { email: "no-sub@example.com" } });
      assert.equal((await refusal(verify("t-nosub"))).reason, "bad_sub");
    });

    test("refusals are not cached: the same token is asked again", async () => {
      const verify = createTokenVerifier(config(issuer, { allowOpaque: true }));
      issuer.userinfo = () => ({ status: 429 });
      await refusal(verify("retry-me"));
      issuer.userinfo = () => ({ status: 200, body: { sub: "auth0|later" } });
      assert.equal((await verify("retry-me")).sub, "auth0|later");
    });

    test("at most 8 calls run at once; beyond that the answer is AUTH0_UNAVAILABLE at once", async () => {
      issuer.userinfo = () => ({ status: 200, body: { sub: "auth0|busy" }, delayMs: 200 });
      const verify = createTokenVerifier(config(issuer, { allowOpaque: true }));
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => verify(`busy-${i}`)));
      const refused = results.filter((r) => r.status === "rejected");
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 8);
      assert.equal(refused.length, 2);
      for (const r of refused) assert.equal((r.reason as MigrationFailure).reason, "userinfo_busy");
    });

    test("characters that do not belong in a bearer token never reach a header", async () => {
      const calls = issuer.userinfoRequests;
      const verify = createTokenVerifier(config(issuer, { allowOpaque: true }));
      for (const token of ["a b", "a\r\nX-Evil: 1", "tök"]) {
        assert.equal((await refusal(verify(token))).reason, "malformed_opaque");
      }
      assert.equal(issuer.userinfoRequests, calls);
    });
  });
});
