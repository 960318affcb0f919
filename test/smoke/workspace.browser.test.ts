import { executeServerCommand } from "@web/test-runner-commands";

describe("browser test setup", () => {
  it("runs in Chromium with a secure context and reaches server commands", async () => {
    if (!navigator.userAgent.includes("Chrome")) throw new Error(`not Chromium: ${navigator.userAgent}`);
    if (!window.isSecureContext) throw new Error("auth0-spa-js needs a secure context");
    const result = (await executeServerCommand("echo", { n: 1 })) as { echoed: { n: number } };
    if (result.echoed.n !== 1) throw new Error(`unexpected echo ${JSON.stringify(result)}`);
  });
});
