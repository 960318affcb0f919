// The default supertokens-web-js loader: a page that loaded the SDK with script tags (its bundle/ files) defines the
// globals `supertokens` and `supertokensSession`; the element then uses that copy and downloads none of its own.
// (Without the globals it imports its own copy: the e2e matrix's "element initialises supertokens-web-js" case.)
import { expect } from "@esm-bundle/chai";
import { loadSuperTokens, scriptTagSuperTokens } from "../../packages/element/src/loaders.js";

const resources = () => performance.getEntriesByType("resource").map((e) => e.name);

describe("loaders: supertokens-web-js from script tags", () => {
  const scriptTag = () => ({
    supertokens: { init: () => {}, other: 1 },
    supertokensSession: { init: () => ({}), doesSessionExist: async () => false, signOut: async () => {} },
  });

  it("uses the globals of the SDK's script-tag bundles", () => {
    const win = scriptTag();
    const sdk = scriptTagSuperTokens(win);
    expect(sdk?.init).to.equal(win.supertokens.init);
    expect(sdk?.Session.init).to.equal(win.supertokensSession.init);
    expect(sdk?.Session.doesSessionExist).to.equal(win.supertokensSession.doesSessionExist);
  });

  it("ignores globals that are missing or are not the SDK", () => {
    expect(scriptTagSuperTokens({})).to.equal(undefined);
    expect(scriptTagSuperTokens({ supertokens: scriptTag().supertokens })).to.equal(undefined);
    expect(scriptTagSuperTokens({ supertokensSession: scriptTag().supertokensSession })).to.equal(undefined);
    expect(scriptTagSuperTokens({ ...scriptTag(), supertokens: { init: "no" } })).to.equal(undefined);
    expect(
      scriptTagSuperTokens({ ...scriptTag(), supertokensSession: { init: () => ({}), doesSessionExist: 1 } }),
    ).to.equal(undefined);
    expect(scriptTagSuperTokens({ supertokens: null, supertokensSession: null })).to.equal(undefined);
  });

  it("the default loader returns the page's script-tag copy without importing the SDK", async () => {
    const g = globalThis as { supertokens?: unknown; supertokensSession?: unknown };
    const win = scriptTag();
    Object.assign(g, win);
    const before = resources().length;
    try {
      const sdk = await loadSuperTokens();
      expect(sdk.Session.doesSessionExist).to.equal(win.supertokensSession.doesSessionExist);
      expect(
        resources()
          .slice(before)
          .filter((r) => /supertokens/i.test(r)),
      ).to.deep.equal([]);
    } finally {
      delete g.supertokens;
      delete g.supertokensSession;
    }
  });
});
