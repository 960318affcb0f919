// Migrations per second and p50/p99 latency of the generated Express endpoint (jose verification, checks, one log
// line per attempt) beside the insecure baseline (jsonwebtoken.decode, then createNewSession), in the same run,
// against the same dev SuperTokens core. Many short rounds alternate (ABBA) and the figures pool every round, so load
// from other processes on a shared machine hits both sides alike.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import tsBlankSpace from "ts-blank-space";
import { startAuth0Tenant } from "../../dev/auth0-tenant/index.js";
import { startSupertokensCore } from "../../dev/supertokens-core/index.js";
import { generateProject } from "../../test/contract/generate.js";
import { type RunningServer, startServerProcess } from "../../test/contract/process.js";

const WEBSITE = "http://127.0.0.1:5173";
const CONCURRENCY = 16;
const WARMUP = 200;
const REQUESTS = 300;
const ROUNDS = 8;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerMigration: number;
}

interface Samples {
  latencies: number[];
  seconds: number;
  /** CPU time the server process spent, in ms (Linux /proc; 0 elsewhere). */
  cpuMs: number;
}

/** user + system CPU time of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuTimeMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function load(server: RunningServer, tokens: string[], count: number, into: Samples): Promise<void> {
  const url = `${server.url}/migrate-session`;
  let next = 0;
  const cpuBefore = cpuTimeMs(server.pid);
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < count) {
      const token = tokens[next++ % tokens.length];
      const t0 = performance.now();
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", origin: WEBSITE },
        body: JSON.stringify({ access_token: token }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      into.latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  into.seconds += (performance.now() - started) / 1000;
  into.cpuMs += cpuTimeMs(server.pid) - cpuBefore;
}

function figures({ latencies, seconds, cpuMs }: Samples): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    rps: sorted.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    cpuMsPerMigration: cpuMs / sorted.length,
  };
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(34)}${f.rps.toFixed(0).padStart(8)} /s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms`;

export async function run(): Promise<void> {
  const [tenant, core] = await Promise.all([startAuth0Tenant(), startSupertokensCore()]);
  const project = await generateProject({ framework: "express", language: "js" });
  const servers: RunningServer[] = [];
  try {
    const verified = await project.start({
      AUTH0_ISSUER_BASE_URL: tenant.issuer,
      AUTH0_AUDIENCE: tenant.audience,
      AUTH0_CLIENT_IDS: tenant.clientId,
      SUPERTOKENS_CONNECTION_URI: core.connectionURI,
      API_DOMAIN: "http://127.0.0.1:3001",
      WEBSITE_DOMAIN: WEBSITE,
      PORT: "0",
      HOST: "127.0.0.1",
    });
    servers.push(verified);
    // Plain node for both sides: the baseline's types are erased up front instead of running it under tsx.
    const baselineFile = fileURLToPath(new URL("../.tmp/baseline-server.js", import.meta.url));
    mkdirSync(dirname(baselineFile), { recursive: true });
    writeFileSync(
      baselineFile,
      tsBlankSpace(readFileSync(new URL("./baseline-server.ts", import.meta.url), "utf8")),
    );
    const baseline = await startServerProcess({
      command: process.execPath,
      args: [baselineFile],
      cwd: dirname(baselineFile),
      env: { SUPERTOKENS_CONNECTION_URI: core.connectionURI, WEBSITE_DOMAIN: WEBSITE },
    });
    servers.push(baseline);

    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        tenant.signAccessToken(tenant.accessTokenClaims({ user: `bench${i}` })),
      ),
    );
    const jwksBefore = tenant.stats.jwksRequests;
    await load(verified, tokens, WARMUP, { latencies: [], seconds: 0, cpuMs: 0 });
    await load(baseline, tokens, WARMUP, { latencies: [], seconds: 0, cpuMs: 0 });

    const verifiedSamples: Samples = { latencies: [], seconds: 0, cpuMs: 0 };
    const baselineSamples: Samples = { latencies: [], seconds: 0, cpuMs: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const sides: [RunningServer, Samples][] = [
        [baseline, baselineSamples],
        [verified, verifiedSamples],
      ];
      if (round % 2 === 1) sides.reverse();
      for (const [server, samples] of sides) await load(server, tokens, REQUESTS, samples);
    }
    const v = figures(verifiedSamples);
    const b = figures(baselineSamples);
    console.log(
      `${ROUNDS} alternating rounds x ${REQUESTS} migrations per side, ${CONCURRENCY} concurrent, loopback`,
    );
    console.log(row("baseline (decode, no verification)", b));
    console.log(row("generated endpoint (verified)", v));
    console.log(`throughput ratio verified/baseline: ${(v.rps / b.rps).toFixed(2)} (goal >= 0.90)`);
    if (b.cpuMsPerMigration > 0) {
      // Less sensitive to other load on the machine than wall-clock throughput.
      console.log(
        `server CPU per migration: baseline ${b.cpuMsPerMigration.toFixed(2)} ms, verified ${v.cpuMsPerMigration.toFixed(2)} ms (ratio ${(b.cpuMsPerMigration / v.cpuMsPerMigration).toFixed(2)})`,
      );
    }
    console.log(
      `JWKS downloads by the verified endpoint: ${tenant.stats.jwksRequests - jwksBefore} (goal 1)`,
    );
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    project.remove();
    await Promise.all([tenant.stop(), core.stop()]);
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) await run();
