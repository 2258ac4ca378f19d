import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDiskStorage } from '../../src/storage/local-disk.js';
import { tempDataDir } from './helpers.js';

let dir: Awaited<ReturnType<typeof tempDataDir>>;
beforeAll(async () => {
  dir = await tempDataDir();
});
afterAll(() => dir.remove());

describe('local disk storage', () => {
  it('when a file is put, then it reads back whole, streams, and is gone after delete', async () => {
    const storage = createLocalDiskStorage({ root: join(dir.dir, 'media') });
    await storage.put('ws/item/original.jpg', Buffer.from('first'), 'image/jpeg');
    await storage.put('ws/item/original.jpg', Buffer.from('second'), 'image/jpeg');
    expect((await storage.read('ws/item/original.jpg'))?.toString()).toBe('second');
    const stream = await storage.stream('ws/item/original.jpg');
    const chunks: Buffer[] = [];
    for await (const chunk of stream ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('second');
    expect(await readdir(join(dir.dir, 'media', 'ws', 'item'))).toEqual(['original.jpg']);
    await storage.delete('ws/item/original.jpg');
    await storage.delete('ws/item/original.jpg');
    expect(await storage.read('ws/item/original.jpg')).toBeNull();
    expect(await storage.stream('ws/item/original.jpg')).toBeNull();
  });

  it('when a key climbs out of the root or is not a plain relative path, then it is refused', async () => {
    const storage = createLocalDiskStorage({ root: join(dir.dir, 'media') });
    for (const key of [
      '../secret',
      'a/../../b',
      '/etc/passwd',
      'a//b',
      'a\\b',
      '.',
      '',
      'a/./b',
      '.hidden',
    ]) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(/refused/);
      await expect(storage.read(key), key).rejects.toThrow(/refused/);
    }
  });
});
