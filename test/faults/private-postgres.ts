/**
 * A private PostgreSQL cluster for fault tests that stop and restart the server: its own data directory,
 * port and socket directory, so nothing else that uses PostgreSQL on this machine notices. Needs the
 * server binaries (`PG_BIN`, default: the newest /usr/lib/postgresql/<version>/bin), `runuser` and root,
 * because the server refuses to run as root and runs as the `postgres` user instead.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function serverBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((path) => existsSync(path));

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'));
    if (line === undefined) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** Why a private cluster cannot be started here, or null when it can. */
export function privateClusterUnavailable(): string | null {
  const bin = serverBin();
  if (bin === undefined || !['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(bin, name))))
    return 'no PostgreSQL server binaries (set PG_BIN)';
  if (runuser === undefined) return 'no runuser';
  if (process.getuid?.() !== 0) return 'not running as root';
  if (postgresUser() === undefined) return 'no postgres user';
  return null;
}

export interface PrivateCluster {
  port: number;
  /** A connection string for `database` (as the `postgres` superuser, trust authentication). */
  url(database: string): string;
  /** `pg_ctl restart -m fast`: every session is terminated, the server is back when this resolves. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): Promise<string>;
  /** Stops the server (immediately) and deletes its directory. Safe to call twice. */
  destroy(): Promise<void>;
}

export async function startPrivateCluster(port: number): Promise<PrivateCluster> {
  const reason = privateClusterUnavailable();
  if (reason !== null) throw new Error(`cannot start a private PostgreSQL cluster: ${reason}`);
  const bin = serverBin()!;
  const owner = postgresUser()!;
  const dir = await mkdtemp(join(tmpdir(), 'listcast-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  await chown(dir, owner.uid, owner.gid);
  const asPostgres = (tool: string, args: string[]) =>
    run(runuser!, ['-u', 'postgres', '--', join(bin, tool), ...args], { timeout: 120_000 });
  const pgCtl = (args: string[]) => asPostgres('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);

  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await pgCtl(['-m', 'immediate', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  // Durability settings off: the cluster lives for one test; clean restarts still checkpoint.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=100',
  ].join(' ');
  const start = async () => {
    await pgCtl(['-l', logFile, '-o', options, 'start']);
  };
  try {
    await asPostgres('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await start();
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    // pg_ctl restart reuses the options the server was started with (postmaster.opts).
    // `-l` again: without it the new server would write to pg_ctl's stdout, a pipe that then never closes.
    restart: async () => {
      await pgCtl(['-l', logFile, '-m', 'fast', 'restart']);
    },
    stop: async () => {
      await pgCtl(['-m', 'fast', 'stop']);
    },
    start,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    destroy,
  };
}
