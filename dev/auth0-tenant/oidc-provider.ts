// Loads oidc-provider once. oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS" when imported on
// Node 20; it runs fine there (this project supports Node >= 20), so exactly that one line is dropped while importing.
import type * as OidcProvider from "oidc-provider";

async function load(): Promise<typeof OidcProvider> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("oidc-provider WARNING: Unsupported runtime."))
      return;
    warn.apply(console, args);
  };
  try {
    return await import("oidc-provider");
  } finally {
    console.warn = warn;
  }
}

const mod = await load();
export const Provider = mod.default;
export const errors = mod.errors;
