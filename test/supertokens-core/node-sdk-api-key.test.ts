// supertokens-node 24 against a core that requires an api-key. One supertokens.init for this process; a public
// init option (networkInterceptor) swaps the key the SDK sends so right, wrong and missing keys are all tried.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import { type SupertokensCore, startSupertokensCore } from "../../dev/supertokens-core/index.js";
import { Client, initSupertokens, startApp, type TestApp } from "./support.js";

const RIGHT_KEY = "dev-core-api-key-0123456789";
let core: SupertokensCore;
let app: TestApp;
let sentKey: string | undefined = RIGHT_KEY;

before(async () => {
  core = await startSupertokensCore({ apiKey: RIGHT_KEY });
  initSupertokens({
    connectionURI: core.connectionURI,
    apiKey: RIGHT_KEY,
    networkInterceptor: (request) => {
      const headers = { ...request.headers };
      if (sentKey === undefined) delete headers["api-key"];
      else headers["api-key"] = sentKey;
      return { ...request, headers };
    },
  });
  app = await startApp();
});

after(async () => {
  await app.stop();
  await core.stop();
});

function newSession(userId: string) {
  return Session.createNewSessionWithoutRequestResponse("public", supertokens.convertToRecipeUserId(userId));
}

test("a wrong api-key fails clearly, already at the SDK's first call (/apiversion)", async () => {
  sentKey = "wrong-key";
  await assert.rejects(
    newSession("auth0|wrong-key"),
    /SuperTokens core threw an error for a GET request to path: '\/apiversion' with status code: 401 and message: .*Invalid API key: the `api-key` header does not match/,
  );
  assert.equal(core.sessions().length, 0);
});

test("the right api-key works end to end (session, protected route, refresh)", async () => {
  sentKey = RIGHT_KEY;
  const client = new Client(app.url, "cookie");
  const login = await client.request("POST", "/login", { userId: "auth0|keyed" });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal((await client.request("GET", "/protected-strict")).status, 200);
  assert.equal((await client.request("POST", "/auth/session/refresh")).status, 200);
  assert.equal((await client.request("GET", "/protected")).status, 200);
  assert.equal(core.sessions().filter((s) => s.userId === "auth0|keyed").length, 1);
});

test("after a key change, calls fail with a clear 401 and the app answers an error (not a session)", async () => {
  sentKey = "rotated-elsewhere";
  await assert.rejects(
    newSession("auth0|rotated"),
    /path: '\/user\/id' with status code: 401 .*does not match/,
  );
  const client = new Client(app.url, "cookie");
  const res = await client.request("POST", "/login", { userId: "auth0|rotated" });
  assert.equal(res.status, 500);
  assert.match(String(res.body.message), /status code: 401/);
  assert.equal(client.cookies.size, 0);

  sentKey = undefined;
  await assert.rejects(newSession("auth0|no-key"), /status code: 401 .*requires an `api-key` header/);
  assert.equal(core.sessions().filter((s) => s.userId !== "auth0|keyed").length, 0);
  sentKey = RIGHT_KEY;
});
