// One migration at a time: two elements in a page, two same-origin frames, and the localStorage-lease fallback.
import { expect } from "@esm-bundle/chai";
import { Auth0SessionMigrator } from "../../packages/element/src/auth0-session-migrator.js";
import { withLock } from "../../packages/element/src/lock.js";
import type { MigrationResult } from "../../packages/element/src/types.js";
import { API, CLIENT_ID, EVENTS, FakeWorld, OK, REJECT, recordEvents, resetPage } from "./support/fakes.js";

Auth0SessionMigrator.define();

type FrameWindow = Window & {
  ready?: Promise<void>;
  migrateAuth0Session?: typeof import("../../packages/element/src/migrate-auth0-session.js").migrateAuth0Session;
};

/** A same-origin frame that loads the element's source itself (its own lit, its own module instances). */
async function frame(): Promise<HTMLIFrameElement & { contentWindow: FrameWindow }> {
  const f = document.createElement("iframe");
  f.srcdoc = `<!doctype html><script type="module">
    window.ready = Promise.all([
      import("/packages/element/src/define.ts"),
      import("/packages/element/src/migrate-auth0-session.ts").then((m) => { window.migrateAuth0Session = m.migrateAuth0Session; }),
    ]).then(() => {});
  </script>`;
  const loaded = new Promise((r) => f.addEventListener("load", r, { once: true }));
  document.body.append(f);
  await loaded;
  const w = f.contentWindow as FrameWindow;
  for (let i = 0; i < 200 && !w.ready; i++) await new Promise((r) => setTimeout(r, 10));
  await w.ready;
  return f as HTMLIFrameElement & { contentWindow: FrameWindow };
}

function elementIn(win: Window, world: FakeWorld): Auth0SessionMigrator {
  const el = win.document.createElement("auth0-session-migrator") as Auth0SessionMigrator;
  el.setAttribute("client-id", CLIENT_ID);
  el.setAttribute("domain", "tenant.example.test");
  el.setAttribute("api-domain", API);
  el.setAttribute("manual", "");
  el.loaders = world.loaders(win);
  win.document.body.append(el);
  return el;
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe("single flight", () => {
  let world: FakeWorld;
  let releases: Array<() => void>;
  /** A migrate answer held open until the test (or afterEach) releases it. */
  const held = () => {
    let release!: () => void;
    const until = new Promise<void>((r) => {
      release = r;
    });
    releases.push(release);
    return { reply: { ...OK(), until }, release };
  };
  beforeEach(() => {
    resetPage();
    world = new FakeWorld();
    releases = [];
  });
  afterEach(() => {
    for (const r of releases) r(); // never leave a lock held for the next test
    for (const el of document.querySelectorAll("auth0-session-migrator, iframe")) el.remove();
    resetPage();
  });

  it("two elements on one page send one POST; the second re-checks and skips as already migrated", async () => {
    world.signInToAuth0();
    const { reply, release } = held();
    world.replies.push(reply);
    const a = elementIn(window, world);
    const b = elementIn(window, world);
    const logA = recordEvents(a, EVENTS);
    const logB = recordEvents(b, EVENTS);
    const runs = [a.migrate(), b.migrate()];
    await waitFor(() => world.posts.length > 0, "the first POST");
    await new Promise((r) => setTimeout(r, 50));
    expect(world.posts).to.have.length(1); // b is queued behind a's lock
    release();
    const results = await Promise.all(runs);
    // Either may win the lock; the other must have waited and found the session.
    const [winner, loser] = results[0]?.outcome === "done" ? [a, b] : [b, a];
    expect(results.map((r) => r.outcome).sort()).to.deep.equal(["done", "skipped"]);
    expect(results).to.deep.include({ outcome: "skipped", reason: "already-migrated" });
    expect(winner.state).to.equal("done");
    expect(loser.state).to.equal("skipped");
    expect(world.posts).to.have.length(1);
    expect(world.logoutCalls).to.have.length(1);
    const loserLog = loser === b ? logB : logA;
    // The loser waited on the lock, re-checked, and never started.
    expect(loserLog.map((e) => [e.type, e.detail])).to.deep.equal([
      ["auth0-migration-skipped", { reason: "already-migrated" }],
    ]);
  });

  it("a tab that waited re-checks the Auth0 gate: signed out of Auth0 meanwhile, it asks for no token", async () => {
    world.signInToAuth0();
    // The first run fails (Auth0 kept, no SuperTokens session); while it holds the lock the visitor signs out of Auth0.
    let release!: () => void;
    const until = new Promise<void>((r) => {
      release = r;
    });
    releases.push(release);
    world.replies.push({ ...REJECT(400, "INVALID_TOKEN"), until });
    const a = elementIn(window, world);
    const b = elementIn(window, world);
    const runs = [a.migrate(), b.migrate()];
    await waitFor(() => world.posts.length > 0, "the first POST");
    const tokensAsked = world.tokenCalls.length;
    world.signOutOfAuth0();
    release();
    const results = await Promise.all(runs);
    expect(results.map((r) => r.outcome).sort()).to.deep.equal(["error", "skipped"]);
    expect(results).to.deep.include({ outcome: "skipped", reason: "no-auth0-session" });
    expect(world.posts).to.have.length(1);
    expect(world.tokenCalls).to.have.length(tokensAsked);
  });

  it("two same-origin frames send one POST (Web Locks are origin-wide)", async () => {
    world.signInToAuth0();
    const [f1, f2] = await Promise.all([frame(), frame()]);
    const w1 = f1.contentWindow as Window;
    const w2 = f2.contentWindow as Window;
    const { reply, release } = held();
    world.replies.push(reply);
    const e1 = elementIn(w1, world);
    const e2 = elementIn(w2, world);
    expect(e1 instanceof Auth0SessionMigrator, "frame has its own element class").to.equal(false);
    const runs = [e1.migrate(), e2.migrate()];
    await waitFor(() => world.posts.length > 0, "the first POST");
    await new Promise((r) => setTimeout(r, 50));
    expect(world.posts).to.have.length(1);
    release();
    const results = (await Promise.all(runs)).map((r) => r.outcome).sort();
    expect(results).to.deep.equal(["done", "skipped"]);
    expect(world.posts).to.have.length(1);
    expect(world.logoutCalls).to.have.length(1);
  });

  it("if the first holder fails, the waiting one tries again (Auth0 was left intact)", async () => {
    world.signInToAuth0();
    world.replies.push({ status: 400, body: { status: "BAD_REQUEST", message: "x" } }, OK());
    const a = elementIn(window, world);
    const b = elementIn(window, world);
    const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
    expect([ra.outcome, rb.outcome]).to.deep.equal(["error", "done"]);
    expect(world.posts).to.have.length(2);
  });

  it("falls back to the lease when the LockManager refuses, and lets the holder's own errors through", async () => {
    const refusing = {
      request: () => Promise.reject(new DOMException("denied", "SecurityError")),
      query: () => Promise.reject(new Error("unused")),
    } as unknown as LockManager;
    let sawLease = false;
    const value = await withLock(
      "test-refused",
      async () => {
        sawLease = localStorage.getItem("test-refused:lease") !== null;
        return 42;
      },
      { locks: refusing, pollMs: 20 },
    );
    expect(value).to.equal(42);
    expect(sawLease).to.equal(true);
    let error: unknown;
    try {
      await withLock("test-throws", async () => {
        throw new Error("holder failed");
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.message).to.equal("holder failed");
  });

  describe("localStorage-lease fallback (no Web Locks)", () => {
    const opts = { locks: null, pollMs: 20, leaseMs: 600 } as const;

    it("serialises holders and tells the second one it waited", async () => {
      const order: string[] = [];
      const waitedFlags: boolean[] = [];
      const hold = (name: string, ms: number) => async (waited: boolean) => {
        waitedFlags.push(waited);
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${name}:end`);
        return name;
      };
      const results = await Promise.all([
        withLock("test-lease", hold("a", 100), opts),
        withLock("test-lease", hold("b", 10), opts),
      ]);
      expect(results).to.deep.equal(["a", "b"]);
      expect(order).to.deep.equal(["a:start", "a:end", "b:start", "b:end"]);
      expect(waitedFlags).to.deep.equal([false, true]);
      expect(localStorage.getItem("test-lease:lease")).to.equal(null);
    });

    it("renews the lease while held, and takes over an expired one", async () => {
      const key = "test-lease2:lease";
      let renewedExpires = 0;
      await withLock(
        "test-lease2",
        async () => {
          const first = JSON.parse(localStorage.getItem(key) as string).expires;
          await new Promise((r) => setTimeout(r, 450)); // > leaseMs / 3 twice
          renewedExpires = JSON.parse(localStorage.getItem(key) as string).expires;
          expect(renewedExpires).to.be.greaterThan(first);
        },
        opts,
      );
      localStorage.setItem(key, JSON.stringify({ owner: "crashed-tab", expires: Date.now() - 1 }));
      // Taken over at once: the callback is told it did not have to wait for another holder.
      expect(await withLock("test-lease2", async (waited) => waited, opts)).to.equal(false);
    });

    it("two frames without Web Locks still send one POST", async () => {
      world.signInToAuth0();
      const [f1, f2] = await Promise.all([frame(), frame()]);
      const { reply, release } = held();
      world.replies.push(reply);
      // Each frame runs its own copy of the flow, with Web Locks switched off.
      const run = (w: FrameWindow): Promise<MigrationResult> =>
        (w.migrateAuth0Session as NonNullable<FrameWindow["migrateAuth0Session"]>)({
          clientId: CLIENT_ID,
          domain: "tenant.example.test",
          apiDomain: API,
          loaders: world.loaders(w),
          lock: { locks: null, pollMs: 20 },
        });
      const runs = [run(f1.contentWindow), run(f2.contentWindow)];
      await waitFor(() => world.posts.length > 0, "the first POST");
      await new Promise((r) => setTimeout(r, 100));
      expect(world.posts).to.have.length(1);
      release();
      const outcomes = (await Promise.all(runs)).map((r) => r.outcome).sort();
      expect(outcomes).to.deep.equal(["done", "skipped"]);
      expect(world.posts).to.have.length(1);
    });
  });
});
