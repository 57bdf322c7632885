// An acknowledged write must survive kill -9: a child process writes as fast as it can and
// prints each acknowledged key; we kill it mid-load, reopen the file and look for every key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/storage/index.js';
import { valueFor } from './fixtures/sqlite-writer.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));
const KILL_AFTER = 2000;

test('sqlite: every acknowledged create survives SIGKILL', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-durability-'));
  try {
    const path = join(dir, 'state.db');
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let lines = 0;
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      lines += chunk.split('\n').length - 1;
      if (lines >= KILL_AFTER && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    assert.equal(signal, 'SIGKILL', `the writer died on its own: ${err}`);

    // Only whole lines count: a key cut off by the kill may not have been printed in full.
    const acked = out.split('\n').slice(0, -1);
    assert.ok(acked.length >= KILL_AFTER, `only ${acked.length} acknowledged writes`);

    const store = openSqliteStore(path);
    try {
      const missing = [];
      for (const key of acked) {
        const kv = await store.get(key);
        if (kv?.value !== valueFor(key)) missing.push(key);
      }
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes were lost`);
      t.diagnostic(`${acked.length} acknowledged writes all present after SIGKILL`);
      assert.ok((await store.count('/durable/')) >= acked.length);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
