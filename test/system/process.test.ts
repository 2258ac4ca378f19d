import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let dataDir: string;

interface Running {
  child: ChildProcess;
  url: string;
  lines: string[];
}

/** Starts `src/main.ts` like `npm start` does and resolves with the URL it prints. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const match = /Listcast is running at (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`process exited before it was ready:\n${lines.join('\n')}`)));
  });
  return { child, url, lines };
}

async function stop(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(running.child, 'close');
  running.child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

const json = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

const children = new Set<ChildProcess>();
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'listcast-process-'));
});
afterAll(async () => {
  // A failed assertion must not leave a server running.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('the listcast process', () => {
  it('when started on an empty data dir, then it serves, stops cleanly on SIGTERM, and keeps data across a restart', async () => {
    const first = await start({});
    const ready = await fetch(`${first.url}/ready`);
    expect(ready.status).toBe(200);
    const registered = await json(`${first.url}/api/v1/auth/register`, {
      email: 'restart@example.com',
      password: 'survives restarts',
      name: 'Restart',
    });
    expect(registered.status).toBe(201);
    const { accessToken } = (await registered.json()) as { accessToken: string };
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(first.lines.join('\n')).toContain('stopped cleanly');
    expect(first.lines.join('\n')).not.toContain('survives restarts');

    // The generated secret is private to the owner and reused, so the old access token still works.
    expect((await stat(join(dataDir, 'secret'))).mode & 0o777).toBe(0o600);
    const second = await start({});
    const me = await fetch(`${second.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    const login = await json(`${second.url}/api/v1/auth/login`, {
      email: 'restart@example.com',
      password: 'survives restarts',
    });
    expect(login.status).toBe(200);
    expect(await stop(second, 'SIGINT')).toBe(0);
    // Two cold starts of a real process (one runs initdb); generous when other test files share the cores.
  }, 120_000);

  it('when a variable is invalid, then the process exits 1 naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });
});
