// The Express project the CLI writes runs the way its next steps say and keeps the endpoint contract:
// - TypeScript and JavaScript projects, scaffolded by the built CLI, built with their own build script and started
//   with their start script, pass the contract suite's smoke subset (test/contract/suite.ts);
// - the CLI's answers really configure the server: with nothing but `cp .env.example .env` (plus the dev core and a
//   free port), a real token from the dev tenant named in --auth0-domain becomes a session, and the origin given as
//   --website-domain is the only one allowed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type Auth0Tenant, startAuth0Tenant } from "../../dev/auth0-tenant/index.js";
import { type SupertokensCore, startSupertokensCore } from "../../dev/supertokens-core/index.js";
import { type RunningServer, startServerProcess } from "../contract/process.js";
import { contractSmokeSuite } from "../contract/suite.js";
import { ANSWER_FLAGS, freshDir, root, runCli } from "./helpers.js";

const WEBSITE = "http://127.0.0.1:5173";

/** Scaffolds with the CLI, builds when the project has a build script, and returns how to start it. */
async function scaffold(name: string, language: "ts" | "js", answers: string[]) {
  const parent = freshDir(name);
  const result = await runCli(
    ["api", "--yes", "--mode", "new", "--framework", "express", "--language", language, ...answers],
    { cwd: parent },
  );
  assert.equal(result.code, 0, result.stderr);
  const dir = path.join(parent, "api");
  const steps = result.stdout.slice(result.stdout.indexOf("Next steps:"));
  const scripts = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).scripts as Record<
    string,
    string
  >;
  if (scripts.build) {
    assert.match(steps, /npm run build\n/);
    assert.equal(scripts.build, "tsc");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc")], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(build.status, 0, build.stdout + build.stderr);
  }
  assert.match(steps, /npm start\n/);
  const [command, ...args] = scripts.start.split(" ");
  assert.equal(command, "node");
  return {
    dir,
    steps,
    start: (env: Record<string, string>) =>
      startServerProcess({ command: process.execPath, args, cwd: dir, env }),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

for (const language of ["ts", "js"] as const) {
  let project: ReturnType<typeof scaffold> | undefined;
  contractSmokeSuite({
    name: `express ${language} from the CLI`,
    async start(env) {
      project ??= scaffold(`smoke-express-${language}`, language, [
        ...ANSWER_FLAGS,
        "--website-domain",
        WEBSITE,
      ]);
      return (await project).start(env);
    },
    async cleanup() {
      (await project)?.remove();
    },
  });
}

describe("the CLI's answers configure the server through .env", () => {
  let tenant: Auth0Tenant;
  let core: SupertokensCore;
  let server: RunningServer | undefined;
  before(async () => {
    [tenant, core] = await Promise.all([startAuth0Tenant(), startSupertokensCore()]);
  });
  after(async () => {
    await server?.stop();
    await Promise.all([tenant?.stop(), core?.stop()]);
  });

  test("express js: cp .env.example .env, start, migrate", async () => {
    const project = await scaffold("env-express-js", "js", [
      "--auth0-domain",
      tenant.issuer,
      "--audience",
      tenant.audience,
      "--website-domain",
      WEBSITE,
    ]);
    assert.match(project.steps, /cp \.env\.example \.env/);
    copyFileSync(path.join(project.dir, ".env.example"), path.join(project.dir, ".env"));
    server = await project.start({
      SUPERTOKENS_CONNECTION_URI: core.connectionURI,
      PORT: "0",
      HOST: "127.0.0.1",
    });

    const post = (body: unknown, origin = WEBSITE) =>
      fetch(`${server?.url}/migrate-session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify(body),
      });
    const { access_token } = await tenant.login({ user: "alice" });
    const ok = await post({ access_token });
    const answer = (await ok.json()) as { status: string; userId: string };
    assert.equal(ok.status, 200, JSON.stringify(answer));
    assert.equal(answer.userId, "auth0|alice");
    assert.equal(ok.headers.get("access-control-allow-origin"), WEBSITE);
    assert.ok(core.sessions().some((s) => s.userId === "auth0|alice"));

    const otherAudience = await tenant.signAccessToken({
      ...tenant.accessTokenClaims({ user: "mallory" }),
      aud: "https://another-api.example.com/",
    });
    assert.equal((await post({ access_token: otherAudience })).status, 401);
    assert.equal((await post({ access_token }, "http://localhost:5173")).status, 403);
    assert.equal(core.sessions().filter((s) => s.userId === "auth0|mallory").length, 0);
  });
});
