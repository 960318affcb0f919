// Default SDK loaders: dynamic imports, so neither SDK is downloaded until a migration actually runs
// (the CDN build turns each into its own lazily loaded chunk).
import type { Auth0Module, SuperTokensModule } from "./types.js";

export async function loadAuth0(): Promise<Auth0Module> {
  const { Auth0Client } = await import("@auth0/auth0-spa-js");
  return { Auth0Client: Auth0Client as unknown as Auth0Module["Auth0Client"] };
}

export async function loadSuperTokens(): Promise<SuperTokensModule> {
  return (await import("./supertokens-sdk.js")).default;
}
