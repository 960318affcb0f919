// Server commands shared by browser tests. Each module here exports `commands`; see web-test-runner.config.mjs.
export const commands = {
  /** Echoes the payload back: proves the server-command bridge works. */
  async echo(payload: Record<string, unknown>) {
    return { echoed: payload };
  },
};
