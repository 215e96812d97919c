import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startManagedProcess } from '../../../../extension/local/runtime/processRunner';
import { listProcessTree } from '../../../../extension/local/runtime/processTree';
import { alive, baseEnv, cleanup, makeTempDir, readText, requireLinux, track, waitFor } from './helpers';

describe('local/runtime/processRunner', () => {
  let dir: string;
  let log: string;
  before(function () {
    requireLinux(this);
  });
  beforeEach(() => {
    dir = makeTempDir();
    log = path.join(dir, 'logs', 'job.log');
  });
  afterEach(cleanup);

  it('appends stdout and stderr to the log file and reports exit code 0', async () => {
    const p = track(
      await startManagedProcess({ command: 'echo to-stdout; echo to-stderr >&2; echo again', cwd: dir, env: baseEnv, logFile: log }),
    );
    assert.ok(p.pid > 0);
    assert.match(p.startTime, /^\d+$/);
    assert.deepEqual(await p.exited, { code: 0, signal: null });
    assert.equal(readText(log), 'to-stdout\nto-stderr\nagain\n');
  });

  it('appends to an existing log instead of truncating it', async () => {
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, 'earlier run\n');
    const p = track(await startManagedProcess({ command: ['/bin/echo', 'second run'], cwd: dir, env: baseEnv, logFile: log }));
    await p.exited;
    assert.equal(readText(log), 'earlier run\nsecond run\n');
  });

  it('gives the job exactly the given environment, nothing from the daemon', async () => {
    process.env.MODELARTS_RUNTIME_TEST_ONLY_IN_DAEMON = 'leaked';
    try {
      const env = { ...baseEnv, JOB_VAR: 'value with spaces' };
      // argv form, so no shell adds PWD: the output must be exactly our variables.
      const p = track(await startManagedProcess({ command: ['/usr/bin/env'], cwd: dir, env, logFile: log }));
      assert.equal((await p.exited).code, 0);
      const lines = readText(log).trim().split('\n').sort();
      assert.deepEqual(lines, ['JOB_VAR=value with spaces', `PATH=${baseEnv.PATH}`]);
    } finally {
      delete process.env.MODELARTS_RUNTIME_TEST_ONLY_IN_DAEMON;
    }
  });

  it('runs in the given cwd', async () => {
    const p = track(await startManagedProcess({ command: 'pwd -P', cwd: dir, env: baseEnv, logFile: log }));
    await p.exited;
    assert.equal(readText(log).trim(), fs.realpathSync(dir));
  });

  it('reports a non-zero exit code and a killing signal', async () => {
    const failing = track(await startManagedProcess({ command: 'exit 3', cwd: dir, env: baseEnv, logFile: log }));
    assert.deepEqual(await failing.exited, { code: 3, signal: null });
    const killed = track(await startManagedProcess({ command: ['/bin/sh', '-c', 'kill -USR1 $$'], cwd: dir, env: baseEnv, logFile: log }));
    assert.deepEqual(await killed.exited, { code: null, signal: 'SIGUSR1' });
  });

  it('rejects clearly when the program or the cwd does not exist, starting nothing', async () => {
    await assert.rejects(startManagedProcess({ command: ['/nonexistent/program'], cwd: dir, env: baseEnv, logFile: log }), /ENOENT/);
    await assert.rejects(
      startManagedProcess({ command: 'true', cwd: path.join(dir, 'missing'), env: baseEnv, logFile: log }),
      /Working directory does not exist/,
    );
    await assert.rejects(startManagedProcess({ command: [], cwd: dir, env: baseEnv, logFile: log }), /empty command/);
  });

  it('runs the job as its own process group leader', async () => {
    const p = track(await startManagedProcess({ command: 'sleep 1000', cwd: dir, env: baseEnv, logFile: log }));
    const tree = await listProcessTree(p.pid);
    assert.ok(tree.length >= 1);
    for (const proc of tree) assert.equal(proc.pgrp, p.pid);
    await p.terminate(2000);
  });

  it('terminate() ends the whole tree: shell and background children', async () => {
    const p = track(await startManagedProcess({ command: 'sleep 1000 & sleep 1000 & wait', cwd: dir, env: baseEnv, logFile: log }));
    const tree = await waitFor('shell and two sleeps', async () => {
      const t = await listProcessTree(p.pid);
      return t.length >= 3 ? t : undefined;
    });
    await p.terminate();
    for (const proc of tree) assert.equal(alive(proc.pid), false, `pid ${proc.pid} (${proc.comm}) survived`);
    assert.deepEqual(await p.exited, { code: null, signal: 'SIGTERM' });
  });

  it('terminate() SIGKILLs a job that ignores SIGTERM once the grace period is over', async () => {
    const script = "trap 'echo got-term' TERM; echo ready; while :; do sleep 1; done";
    const p = track(await startManagedProcess({ command: script, cwd: dir, env: baseEnv, logFile: log }));
    await waitFor('trap installed', () => readText(log).includes('ready'));
    await p.terminate(300);
    assert.deepEqual(await p.exited, { code: null, signal: 'SIGKILL' });
    assert.equal(alive(p.pid), false);
  });

  it('terminate() also ends descendants that left the group with setsid', async function () {
    if (!fs.existsSync('/usr/bin/setsid') && !fs.existsSync('/bin/setsid')) this.skip();
    const p = track(await startManagedProcess({ command: 'setsid sleep 1000 & wait', cwd: dir, env: baseEnv, logFile: log }));
    const escaped = await waitFor('a setsid child in its own group', async () =>
      (await listProcessTree(p.pid)).find((t) => t.pgrp !== p.pid),
    );
    track({ pid: escaped.pid }); // its own group: clean it up too if the test fails
    await p.terminate(2000);
    assert.equal(alive(escaped.pid), false);
  });

  it('terminate() on a job that already exited resolves at once', async () => {
    const p = track(await startManagedProcess({ command: 'true', cwd: dir, env: baseEnv, logFile: log }));
    await p.exited;
    await p.terminate();
  });

  it('keeps writing to the log without the daemon reading anything (fd passed to the child)', async () => {
    const p = track(
      await startManagedProcess({ command: 'for i in 1 2 3 4 5; do echo line $i; done', cwd: dir, env: baseEnv, logFile: log }),
    );
    await p.exited;
    assert.equal(readText(log), 'line 1\nline 2\nline 3\nline 4\nline 5\n');
  });
});
