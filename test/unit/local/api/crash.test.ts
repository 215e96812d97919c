import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../../../esbuild.mjs';
import { signedFetch, startDaemonProcess } from '../../../helpers/daemonProcess';

describe('local daemon: kill -9 during concurrent writes', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(async () => {
    await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-crash-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged record, and every state file is whole, after kill -9 and restart', async () => {
    const first = await startDaemonProcess(dataDir);
    const acknowledged = new Set<string>();
    let stop = false;
    const writer = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await signedFetch(first.discovery, 'POST', `/v1/${first.discovery.project_id}/workspaces`, {
            name: `crash-${worker}-${i}`,
          });
          if (res.status === 200) acknowledged.add(((await res.json()) as { id: string }).id);
        } catch {
          return; // the daemon is gone: whatever was in flight was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    while (acknowledged.size < 200) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const second = await startDaemonProcess(dataDir);
    try {
      const res = await signedFetch(second.discovery, 'GET', `/v1/${second.discovery.project_id}/workspaces?limit=100000`);
      const ids = new Set(((await res.json()) as { workspaces: { id: string }[] }).workspaces.map((w) => w.id));
      const lost = [...acknowledged].filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged workspaces were lost`);
      for (const id of ids) JSON.parse(readFileSync(path.join(dataDir, 'state', 'workspaces', `${id}.json`), 'utf8'));
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});
