import assert from 'node:assert/strict';
import path from 'node:path';
import { startManagedProcess } from '../../../../extension/local/runtime/processRunner';
import {
  descendantsOf,
  listProcessTree,
  parseProcStat,
  procAvailable,
  readProcStatSync,
  type ProcStat,
} from '../../../../extension/local/runtime/processTree';
import { baseEnv, cleanup, makeTempDir, requireLinux, track, waitFor } from './helpers';

describe('local/runtime/processTree', () => {
  afterEach(cleanup);

  it('parses a stat line whose command name has spaces and parentheses', () => {
    const fields = [
      'S',
      '1',
      '42',
      '42',
      '0',
      '-1',
      '4194560',
      '0',
      '0',
      '0',
      '0',
      '17',
      '3',
      '0',
      '0',
      '20',
      '0',
      '1',
      '0',
      '987654',
      '1000',
      '250',
    ];
    const stat = parseProcStat(`42 (my (odd) name) ${fields.join(' ')} 0 0 0\n`);
    assert.ok(stat);
    assert.equal(stat.pid, 42);
    assert.equal(stat.comm, 'my (odd) name');
    assert.equal(stat.state, 'S');
    assert.equal(stat.ppid, 1);
    assert.equal(stat.pgrp, 42);
    assert.equal(stat.utime, 17);
    assert.equal(stat.stime, 3);
    assert.equal(stat.startTime, '987654');
    assert.equal(stat.rssPages, 250);
    assert.equal(parseProcStat('garbage'), undefined);
  });

  it('finds descendants through parent pids, skipping zombies', () => {
    const p = (pid: number, ppid: number, state = 'S'): ProcStat => ({
      pid,
      ppid,
      state,
      comm: 'x',
      pgrp: pid,
      session: pid,
      utime: 0,
      stime: 0,
      startTime: '1',
      rssPages: 0,
    });
    const table = [p(1, 0), p(10, 1), p(11, 10), p(12, 11), p(13, 10, 'Z'), p(20, 1)];
    assert.deepEqual(
      descendantsOf(10, table)
        .map((s) => s.pid)
        .sort(),
      [11, 12],
    );
  });

  it('reads the live tree of a running job', async function () {
    requireLinux(this);
    assert.equal(procAvailable(), true);
    const dir = makeTempDir();
    const job = track(
      await startManagedProcess({ command: 'sleep 1000 & sleep 1000 & wait', cwd: dir, env: baseEnv, logFile: path.join(dir, 'log') }),
    );
    // Poll on the names too: a child that has forked but not yet exec'd sleep is still called sh.
    const tree = await waitFor('sh and two sleeps', async () => {
      const t = await listProcessTree(job.pid);
      return t
        .map((p) => p.comm)
        .sort()
        .join() === 'sh,sleep,sleep'
        ? t
        : undefined;
    });
    assert.ok(tree.every((t) => t.pgrp === job.pid));
    assert.equal(readProcStatSync(job.pid)?.startTime, job.startTime);
    await job.terminate(2000);
  });
});
