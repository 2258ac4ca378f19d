import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url);
const variables = Object.keys(configSchema.shape).sort();

function schemaDefault(name: string): string | undefined {
  const field = configSchema.shape[name as keyof typeof configSchema.shape];
  const parsed = field.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

describe('configuration documentation', () => {
  it('when the README table is read, then it lists every variable with the schema default', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const rows = [...readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|([^|]+)\|/gm)].map((m) => ({
      name: m[1] ?? '',
      cell: (m[2] ?? '').trim(),
    }));
    expect(rows.map((row) => row.name).sort()).toEqual(variables);
    for (const row of rows) {
      const expected = schemaDefault(row.name);
      // A variable without a default says in parentheses what happens when it is unset.
      if (expected === undefined) expect(row.cell, row.name).toMatch(/^\(/);
      else expect(row.cell, row.name).toBe(`\`${expected}\``);
    }
  });

  it('when .env.example is read, then it lists every variable, and each value given is the default', async () => {
    const example = await readFile(new URL('.env.example', root), 'utf8');
    const entries = example
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
    expect(entries.map(([name]) => name).sort()).toEqual(variables);
    for (const [name, value] of entries) {
      if (value !== '') expect(value, name).toBe(schemaDefault(name));
    }
  });
});

describe('loading configuration', () => {
  it('when nothing is set, then the embedded defaults apply', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./data');
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('when values are invalid, then the error names each bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LISTCAST_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LISTCAST_SECRET');
  });

  it('when a variable is set to an empty string, then it counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
