// Starts a generated server as a child process the way its README says, and waits for its "Listening on" line.
import { type ChildProcess, spawn } from "node:child_process";

export interface RunningServer {
  /** Origin of the server, e.g. "http://127.0.0.1:41234". */
  url: string;
  /** Process id of the server (for CPU accounting in benchmarks). */
  pid?: number | undefined;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Thrown when the server exits before it listens: a configuration error, for instance. */
export class StartError extends Error {
  readonly exitCode: number | null;
  readonly output: string;
  constructor(exitCode: number | null, output: string) {
    super(`server exited with code ${exitCode} before listening:\n${output}`);
    this.name = "StartError";
    this.exitCode = exitCode;
    this.output = output;
  }
}

const LISTENING = /Listening on (http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+)/;

export function startServerProcess(options: {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Matches the line that says the server listens; group 1 is its origin. Default: "Listening on http://…". */
  ready?: RegExp;
}): Promise<RunningServer> {
  const ready = options.ready ?? LISTENING;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    // Only what the test gives, plus PATH: nothing from the developer's shell leaks into the server's config.
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not listen within ${options.timeoutMs ?? 20000} ms:\n${output}`));
    }, options.timeoutMs ?? 20000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      reject(new StartError(code, output));
    };
    const onData = () => {
      const match = ready.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout?.off("data", onData);
      resolve({ url: match[1], pid: child.pid, output: () => output, stop: () => stopChild(child) });
    };
    child.once("exit", onExit);
    child.stdout?.on("data", onData);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
