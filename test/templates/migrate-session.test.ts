// The framework-neutral handler's refusal paths, driven directly (the contract suite covers them over HTTP, and the
// session paths against the dev core).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { MigrationConfig } from "../../templates/core/config.js";
import {
  createSessionMigration,
  type MigrationRequest,
  type MigrationResult,
} from "../../templates/core/migrate-session.js";

const config: MigrationConfig = {
  // Nothing listens on port 1: any key download fails at once.
  issuers: ["http://127.0.0.1:1/"],
  audience: "https://api.example.com/",
  clientIds: [],
  algorithms: ["RS256"],
  allowOpaque: false,
  maxTokenAge: 3600,
  allowedOrigins: ["https://app.example.com"],
  copyClaims: [],
  jwksCooldown: 30,
};

function setup() {
  const results: MigrationResult[] = [];
  const logged: MigrationResult[] = [];
  const migration = createSessionMigration(config, {
    onMigration: (result) => results.push(result),
    log: (result) => logged.push(result),
  });
  let bodyReads = 0;
  const request = (overrides: Partial<MigrationRequest> = {}): MigrationRequest => ({
    origin: "https://app.example.com",
    contentType: "application/json",
    readBody: () => {
      bodyReads++;
      return Promise.resolve({ access_token: "opaque-token" });
    },
    req: {},
    res: {},
    ...overrides,
  });
  return { migration, results, logged, request, bodyReads: () => bodyReads };
}

describe("core: migrate-session handler", () => {
  test("a foreign Origin is refused before the body is read", async () => {
    const { migration, request, bodyReads, results } = setup();
    for (const origin of ["https://evil.example.com", "null", "", "https://app.example.com.evil.net"]) {
      const reply = await migration.handle(request({ origin }));
      assert.equal(reply.statusCode, 403);
      assert.equal(reply.body.status, "FORBIDDEN_ORIGIN");
    }
    assert.equal(bodyReads(), 0);
    assert.deepEqual(
      results.map((r) => [r.outcome, r.reason]),
      Array(4).fill(["refused", "origin_not_allowed"]),
    );
  });

  test("only application/json (any case, with parameters) reaches the body", async () => {
    const { migration, request, bodyReads } = setup();
    for (const contentType of [
      "text/plain",
      "application/jsonp",
      "application/x-www-form-urlencoded",
      undefined,
    ]) {
      assert.equal((await migration.handle(request({ contentType }))).statusCode, 415);
    }
    assert.equal(bodyReads(), 0);
    const reply = await migration.handle(request({ contentType: "Application/JSON; charset=utf-8" }));
    assert.equal(bodyReads(), 1);
    assert.equal(reply.statusCode, 401, "reached token verification");
  });

  test("charset utf-8 (any case, quoted) reaches the body; any other charset, utf8 included, is 415 unread", async () => {
    const { migration, request, bodyReads } = setup();
    for (const charset of ["latin1", '"utf-16"', "us-ascii", "utf-8x", "utf8"]) {
      const reply = await migration.handle(request({ contentType: `application/json; charset=${charset}` }));
      assert.equal(reply.statusCode, 415, charset);
    }
    assert.equal(bodyReads(), 0);
    for (const charset of ["utf-8", "UTF-8", '"utf-8"']) {
      const reply = await migration.handle(request({ contentType: `application/json;charset=${charset}` }));
      assert.equal(reply.statusCode, 401, `${charset} reached token verification`);
    }
    assert.equal(bodyReads(), 3);
  });

  test("body parser errors map by their HTTP status, whatever the framework", async () => {
    const { migration, request } = setup();
    const cases: [unknown, number, string][] = [
      [
        Object.assign(new Error("too large"), { status: 413, type: "entity.too.large" }),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [Object.assign(new Error("FST_ERR_CTP_BODY_TOO_LARGE"), { statusCode: 413 }), 413, "PAYLOAD_TOO_LARGE"],
      [
        Object.assign(new Error("Payload content length greater"), { output: { statusCode: 413 } }),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [Object.assign(new Error("unsupported charset"), { status: 415 }), 415, "UNSUPPORTED_MEDIA_TYPE"],
      [Object.assign(new Error("Unexpected token"), { status: 400 }), 400, "BAD_REQUEST"],
      [new SyntaxError("Unexpected end of JSON input"), 400, "BAD_REQUEST"],
      // Koa's parser passes zlib's error for a corrupt gzip body on as it is.
      [Object.assign(new Error("incorrect header check"), { code: "Z_DATA_ERROR" }), 400, "BAD_REQUEST"],
      [
        Object.assign(new Error("Decompression failed"), { code: "ERR__ERROR_FORMAT_PADDING_1" }),
        400,
        "BAD_REQUEST",
      ],
      [new Error("socket hang up"), 500, "INTERNAL_ERROR"],
    ];
    for (const [error, statusCode, status] of cases) {
      const reply = await migration.handle(request({ readBody: () => Promise.reject(error) }));
      assert.deepEqual([reply.statusCode, reply.body.status], [statusCode, status], String(error));
    }
  });

  test("a body without a non-empty string access_token is BAD_REQUEST", async () => {
    const { migration, request } = setup();
    for (const body of [undefined, null, "token", [], {}, { access_token: 1 }, { access_token: "" }]) {
      const reply = await migration.handle(request({ readBody: () => Promise.resolve(body) }));
      assert.equal(reply.statusCode, 400, JSON.stringify(body));
      assert.deepEqual(reply.body, {
        status: "BAD_REQUEST",
        message: 'Send a JSON object with a string "access_token".',
      });
    }
  });

  test("unreachable Auth0 keys are 503 AUTH0_UNAVAILABLE with Retry-After", async () => {
    const { migration, request, results } = setup();
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "RS256", kid: "k1" })}.${part({ sub: "auth0|alice" })}.${part("signature")}`;
    const reply = await migration.handle(
      request({ readBody: () => Promise.resolve({ access_token: token }) }),
    );
    assert.equal(reply.statusCode, 503);
    assert.equal(reply.body.status, "AUTH0_UNAVAILABLE");
    assert.equal(reply.headers["retry-after"], "5");
    assert.equal(reply.headers["cache-control"], "no-store");
    assert.equal(results[0]?.outcome, "failed");
    assert.match(results[0]?.reason ?? "", /^jwks_unavailable/);
  });

  test("one log line and one onMigration call per attempt, with a duration and never the token", async () => {
    const { migration, request, results, logged } = setup();
    const secret = "opaque-secret-token-value";
    await migration.handle(request({ readBody: () => Promise.resolve({ access_token: secret }) }));
    assert.equal(logged.length, 1);
    assert.deepEqual(results, logged);
    const [line] = logged;
    assert.equal(line?.status, "INVALID_TOKEN");
    assert.equal(line?.reason, "not_a_jws");
    assert.equal(typeof line?.durationMs, "number");
    assert.ok(!JSON.stringify(logged).includes(secret));
  });

  test("a throwing onMigration hook does not change the answer", async (t) => {
    const errors = t.mock.method(console, "error", () => {});
    const migration = createSessionMigration(config, {
      onMigration: () => {
        throw new Error("metrics down");
      },
      log: () => {},
    });
    const reply = await migration.handle({
      origin: undefined,
      contentType: "application/json",
      readBody: () => Promise.resolve({ access_token: "opaque" }),
      req: {},
      res: {},
    });
    assert.equal(reply.statusCode, 401);
    assert.equal(errors.mock.callCount(), 1);
  });

  test("the default log writes one JSON line to stdout for refusals", async (t) => {
    const lines = t.mock.method(console, "log", () => {});
    const migration = createSessionMigration(config);
    await migration.handle({
      origin: undefined,
      contentType: "text/plain",
      readBody: () => Promise.resolve({}),
      req: {},
      res: {},
    });
    assert.equal(lines.mock.callCount(), 1);
    const parsed = JSON.parse(String(lines.mock.calls[0]?.arguments[0])) as Record<string, unknown>;
    assert.equal(parsed.event, "session_migration");
    assert.equal(parsed.reason, "not_json");
  });
});
