import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, readConfig, readMigrationConfig } from "../../templates/core/config.js";

const valid = {
  AUTH0_DOMAIN: "tenant.eu.auth0.com",
  AUTH0_AUDIENCE: "https://api.example.com/",
  SUPERTOKENS_CONNECTION_URI: "http://localhost:3567",
  API_DOMAIN: "http://localhost:3001",
  WEBSITE_DOMAIN: "http://localhost:3000",
};

function problem(env: Record<string, string | undefined>): string {
  try {
    readConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.ok(!error.message.includes("\n"), "one line");
    return error.message;
  }
  assert.fail("expected a ConfigError");
}

describe("core: config from the environment", () => {
  test("defaults", () => {
    const { migration, server } = readConfig(valid);
    assert.deepEqual(migration, {
      issuers: ["https://tenant.eu.auth0.com/"],
      audience: "https://api.example.com/",
      clientIds: [],
      algorithms: ["RS256"],
      allowOpaque: false,
      maxTokenAge: 3600,
      allowedOrigins: ["http://localhost:3000"],
      copyClaims: [],
      jwksCooldown: 30,
    });
    assert.deepEqual(server, {
      connectionURI: "http://localhost:3567",
      apiKey: undefined,
      apiDomain: "http://localhost:3001",
      apiBasePath: "/auth",
      websiteDomain: "http://localhost:3000",
      port: 3001,
      host: undefined,
    });
  });

  test("issuers: the base URL gets its trailing slash; custom domains are added; the first serves keys", () => {
    const { AUTH0_DOMAIN: _d, ...rest } = valid;
    const config = readMigrationConfig({
      ...rest,
      AUTH0_ISSUER_BASE_URL: "https://login.example.com",
      AUTH0_CUSTOM_ISSUERS: "tenant.eu.auth0.com, https://auth.example.org/",
    });
    assert.deepEqual(config.issuers, [
      "https://login.example.com/",
      "https://tenant.eu.auth0.com/",
      "https://auth.example.org/",
    ]);
    assert.deepEqual(
      readMigrationConfig({ ...valid, AUTH0_ISSUER_BASE_URL: "https://tenant.eu.auth0.com/" }).issuers,
      ["https://tenant.eu.auth0.com/"],
    );
  });

  test("http issuers only on loopback", () => {
    for (const ok of ["http://127.0.0.1:4000/", "http://localhost:4000", "http://[::1]:4000/"]) {
      assert.equal(
        readMigrationConfig({ ...valid, AUTH0_DOMAIN: undefined, AUTH0_ISSUER_BASE_URL: ok }).issuers.length,
        1,
      );
    }
    for (const bad of ["http://tenant.auth0.com/", "http://127.0.0.1.nip.io/", "ftp://tenant.auth0.com/"]) {
      assert.match(
        problem({ ...valid, AUTH0_DOMAIN: undefined, AUTH0_ISSUER_BASE_URL: bad }),
        /AUTH0_ISSUER_BASE_URL/,
      );
    }
    assert.match(problem({ ...valid, AUTH0_DOMAIN: "https://user:pw@tenant.auth0.com/" }), /AUTH0_DOMAIN/);
    assert.match(problem({ ...valid, AUTH0_DOMAIN: "tenant.auth0.com/?x=1" }), /AUTH0_DOMAIN/);
    // A pasted endpoint URL instead of the tenant: every token's `iss` would differ from it.
    assert.match(problem({ ...valid, AUTH0_DOMAIN: "tenant.auth0.com/authorize" }), /AUTH0_DOMAIN/);
    assert.match(
      problem({
        ...valid,
        AUTH0_DOMAIN: undefined,
        AUTH0_ISSUER_BASE_URL: "https://tenant.auth0.com/.well-known/openid-configuration",
      }),
      /AUTH0_ISSUER_BASE_URL/,
    );
  });

  test("AUTH0_DOMAIN and AUTH0_ISSUER_BASE_URL must agree when both are set", () => {
    assert.match(problem({ ...valid, AUTH0_ISSUER_BASE_URL: "https://other.auth0.com/" }), /set only one/);
  });

  test("every missing variable is named, on one line", () => {
    const message = problem({});
    for (const name of [
      "AUTH0_DOMAIN or AUTH0_ISSUER_BASE_URL",
      "AUTH0_AUDIENCE",
      "WEBSITE_DOMAIN",
      "SUPERTOKENS_CONNECTION_URI",
      "API_DOMAIN",
    ]) {
      assert.ok(message.includes(name), `${name} in ${message}`);
    }
    // The migration part alone does not need the server's variables.
    assert.doesNotThrow(() =>
      readMigrationConfig({
        AUTH0_DOMAIN: "t.auth0.com",
        AUTH0_AUDIENCE: "api",
        WEBSITE_DOMAIN: "https://a.b",
      }),
    );
  });

  test("malformed values are named", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ AUTH0_ALLOW_OPAQUE: "yes" }, /AUTH0_ALLOW_OPAQUE must be true or false/],
      [{ MIGRATION_MAX_TOKEN_AGE: "-1" }, /MIGRATION_MAX_TOKEN_AGE/],
      [{ MIGRATION_MAX_TOKEN_AGE: "1e3" }, /MIGRATION_MAX_TOKEN_AGE/],
      [{ AUTH0_ALGORITHMS: "RS256,HS256" }, /AUTH0_ALGORITHMS/],
      [{ AUTH0_AUDIENCE: "my api" }, /AUTH0_AUDIENCE/],
      [{ WEBSITE_DOMAIN: "http://localhost:3000/app" }, /WEBSITE_DOMAIN/],
      [{ ALLOWED_ORIGINS: "https://ok.example, not-a-url" }, /ALLOWED_ORIGINS/],
      [{ API_DOMAIN: "localhost:3001" }, /API_DOMAIN/],
      [{ API_BASE_PATH: "auth" }, /API_BASE_PATH/],
      [{ PORT: "70000" }, /PORT/],
      [{ SUPERTOKENS_CONNECTION_URI: "localhost:3567" }, /SUPERTOKENS_CONNECTION_URI/],
      [{ MIGRATION_COPY_CLAIMS: "scope,sub" }, /MIGRATION_COPY_CLAIMS must not include "sub"/],
      [{ AUTH0_JWKS_COOLDOWN: "soon" }, /AUTH0_JWKS_COOLDOWN/],
    ];
    for (const [change, expected] of cases) assert.match(problem({ ...valid, ...change }), expected);
  });

  test("AUTH0_JWKS_COOLDOWN is at least a second: 0 would let every made-up key id download the JWKS", () => {
    assert.match(
      problem({ ...valid, AUTH0_JWKS_COOLDOWN: "0" }),
      /AUTH0_JWKS_COOLDOWN must be a whole number from 1 to 3600/,
    );
    assert.equal(readMigrationConfig({ ...valid, AUTH0_JWKS_COOLDOWN: "1" }).jwksCooldown, 1);
    assert.equal(readMigrationConfig({ ...valid, AUTH0_JWKS_COOLDOWN: "3600" }).jwksCooldown, 3600);
  });

  test("origins must be exact: no wildcard, path, query, credentials or port spelled out; the value is named", () => {
    for (const bad of [
      "*",
      "https://*.example.com",
      "https://example.com/*",
      "https://example.com/app",
      "https://example.com/?x=1",
      "https://example.com#top",
      "https://user@example.com",
      "https://example.com:443",
      "https://example.com.evil/..",
      "null",
    ]) {
      const message = problem({ ...valid, ALLOWED_ORIGINS: `https://ok.example.com, ${bad}` });
      assert.ok(
        message.includes(`ALLOWED_ORIGINS must list origins like https://example.com, not "${bad}"`),
        message,
      );
      assert.ok(!message.includes('"https://ok.example.com"'), message);
      assert.match(problem({ ...valid, WEBSITE_DOMAIN: bad }), /WEBSITE_DOMAIN must be an origin/);
    }
    // Browsers send the origin lower-case and without a default port: that spelling, or with a trailing "/", is fine.
    const { allowedOrigins } = readMigrationConfig({
      ...valid,
      WEBSITE_DOMAIN: "https://App.Example.com/",
      ALLOWED_ORIGINS: "http://[::1]:5173, http://127.0.0.1:8080/",
    });
    assert.deepEqual(allowedOrigins, [
      "https://app.example.com",
      "http://[::1]:5173",
      "http://127.0.0.1:8080",
    ]);
  });

  test("lists, flags and origins are normalised", () => {
    const { migration, server } = readConfig({
      ...valid,
      WEBSITE_DOMAIN: "https://www.example.com/",
      ALLOWED_ORIGINS: "https://admin.example.com, https://www.example.com",
      AUTH0_CLIENT_IDS: " spa1 ,spa2,",
      AUTH0_ALGORITHMS: "PS256, RS256",
      AUTH0_ALLOW_OPAQUE: "TRUE",
      MIGRATION_COPY_CLAIMS: "scope,permissions",
      API_BASE_PATH: "/api/auth/",
      PORT: "0",
    });
    assert.deepEqual(migration.allowedOrigins, ["https://www.example.com", "https://admin.example.com"]);
    assert.deepEqual(migration.clientIds, ["spa1", "spa2"]);
    assert.deepEqual(migration.algorithms, ["PS256", "RS256"]);
    assert.equal(migration.allowOpaque, true);
    assert.deepEqual(migration.copyClaims, ["scope", "permissions"]);
    assert.equal(server.apiBasePath, "/api/auth");
    assert.equal(server.port, 0);
  });
});
