import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon from 'autocannon';

/** Node's flags from `npm start` (e.g. the young-generation size), so servers here run as users run them. */
const startFlags = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(/\s+/)
  .filter((arg) => arg.startsWith('--') && arg !== '--import')
  // Extra flags for a look inside, e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
  .concat(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []);

export const root = new URL('../', import.meta.url).pathname;

export interface Server {
  child: ChildProcess;
  url: string;
  startedMs: number;
}

/**
 * Starts a Node entry point with its logs going to a file (as under a process manager, and so the
 * benchmark does not spend its own CPU reading them), and resolves with the URL it prints.
 */
export async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  return startCommand(process.execPath, [...startFlags, '--import', 'tsx', entry], env);
}

/** A worker-only process (`src/worker.ts`): ready when it says it runs; its `url` is empty. */
export async function startWorker(env: Record<string, string>): Promise<Server> {
  return startCommand(process.execPath, [...startFlags, '--import', 'tsx', 'src/worker.ts'], env);
}

/** `npm start` exactly as a user runs it (npm → node), for start-up time and memory. */
export const startNpm = (env: Record<string, string>) => startCommand('npm', ['start', '--silent'], env);

async function startCommand(command: string, args: string[], env: Record<string, string>): Promise<Server> {
  const entry = [command, ...args].join(' ');
  const began = performance.now();
  const logFile = join(tmpdir(), `listcast-bench-${process.pid}-${Date.now()}.log`);
  const out = openSync(logFile, 'w');
  // Its own process group, so stopping it reaches node under npm as Ctrl-C in a terminal would.
  const child = spawn(command, args, {
    detached: true,
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    const log = await readFile(logFile, 'utf8');
    const match = /(?:Listcast is running at|listening at) (http:\/\/[^\s"]+)/.exec(log);
    if (match?.[1]) return { child, url: match[1], startedMs: performance.now() - began };
    if (log.includes('Listcast worker running'))
      return { child, url: '', startedMs: performance.now() - began };
    if (exited) throw new Error(`${entry} exited before it listened; see ${logFile}`);
    await delay(20);
  }
}

export async function stopServer(server: Server) {
  const closed = once(server.child, 'close');
  process.kill(-server.child.pid!, 'SIGTERM');
  await closed;
}

/** Milliseconds from running `npm start` until `/ready` answers 200. */
export async function coldStartToReady(env: Record<string, string>) {
  const began = performance.now();
  const server = await startNpm(env);
  for (;;) {
    const response = await fetch(`${server.url}/ready`).catch(() => null);
    if (response?.status === 200) break;
  }
  return { server, ms: performance.now() - began };
}

/** Resident memory, in MB, of a process and all its descendants (`npm start` is npm plus node). */
export async function treeRssMb(pid: number): Promise<{ total: number; processes: string[] }> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (stat) parents.set(Number(entry), ppid);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  let total = 0;
  const processes: string[] = [];
  for (const member of tree) {
    const status = await readFile(`/proc/${member}/status`, 'utf8').catch(() => '');
    const mb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    total += mb;
    processes.push(`${/Name:\s+(\S+)/.exec(status)?.[1] ?? '?'} ${mb} MB`);
  }
  return { total, processes };
}

export async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url,
    connections: 50,
    duration: Number(process.env.BENCH_SECONDS ?? 10),
    headers,
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

export async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
