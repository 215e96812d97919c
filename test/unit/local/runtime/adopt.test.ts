import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeShellStatus, readExitFile } from '../../../../extension/local/runtime/exitFile';
import { adoptProcess, isSameProcess, startManagedProcess } from '../../../../extension/local/runtime/processRunner';
import { listProcessTree } from '../../../../extension/local/runtime/processTree';
import { alive, baseEnv, cleanup, makeTempDir, readText, requireLinux, track, waitFor } from './helpers';

const execFileAsync = promisify(execFile);

/**
 * Simulates daemon loss for real: a separate Node process (fixtures/daemonStub.ts) starts the job
 * with the runner and exits at once. We keep only what a daemon persists: (pid, startTime). No
 * runner in this process ever saw the job, so whatever the exit file holds, the wrapper wrote.
 */
async function startInDoomedDaemon(
  command: string | string[],
  dir: string,
  exitFile?: string,
): Promise<{ pid: number; startTime: string }> {
  const opts = { command, cwd: dir, env: baseEnv, logFile: path.join(dir, 'job.log'), exitFile };
  const stub = path.join(__dirname, 'fixtures', 'daemonStub.ts');
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', stub, JSON.stringify(opts)], { cwd: process.cwd() });
  return track(JSON.parse(stdout) as { pid: number; startTime: string });
}

describe('local/runtime exit files and adoption', () => {
  let dir: string;
  before(function () {
    requireLinux(this);
  });
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(cleanup);

  describe('exitFile', () => {
    it('records the exit code and still reports it through exited', async () => {
      const exitFile = path.join(dir, 'exit');
      const p = track(
        await startManagedProcess({ command: 'echo hi; exit 7', cwd: dir, env: baseEnv, logFile: path.join(dir, 'log'), exitFile }),
      );
      assert.deepEqual(await p.exited, { code: 7, signal: null });
      assert.deepEqual(await readExitFile(exitFile), { code: 7, signal: null });
      assert.equal(readText(path.join(dir, 'log')), 'hi\n');
      assert.equal(fs.existsSync(`${exitFile}.tmp`), false);
    });

    it('survives the loss of the runner: a restarted daemon adopts the job and reads how it ended', async () => {
      const exitFile = path.join(dir, 'exit');
      // Waits for a "go" file, so the test decides when the job ends without any sleeps.
      const saved = await startInDoomedDaemon('while [ ! -e go ]; do sleep 0.05; done; echo done; exit 5', dir, exitFile);
      const adopted = adoptProcess(saved.pid, saved.startTime, { exitFile, pollMs: 50 });
      assert.ok(adopted, 'the running job should be adoptable');
      fs.writeFileSync(path.join(dir, 'go'), '');
      assert.deepEqual(await adopted.exited, { code: 5, signal: null, reason: 'exit status from exit file' });
      assert.deepEqual(await readExitFile(exitFile), { code: 5, signal: null });
    });

    it('records SIGTERM through the wrapper alone when an adopted job is terminated', async () => {
      const exitFile = path.join(dir, 'exit');
      const saved = await startInDoomedDaemon(['sleep', '1000'], dir, exitFile);
      await waitFor('sleep running under the wrapper', async () => (await listProcessTree(saved.pid)).some((t) => t.comm === 'sleep'));
      const adopted = adoptProcess(saved.pid, saved.startTime, { exitFile, pollMs: 50 });
      assert.ok(adopted);
      await adopted.terminate(3000);
      assert.deepEqual(await adopted.exited, { code: null, signal: 'SIGTERM', reason: 'exit status from exit file' });
    });

    it('records SIGKILL when an adopted job had to be killed (the adopting runner writes it)', async () => {
      const exitFile = path.join(dir, 'exit');
      const saved = await startInDoomedDaemon("trap '' TERM; echo ready; while :; do sleep 1; done", dir, exitFile);
      await waitFor('trap installed', () => readText(path.join(dir, 'job.log')).includes('ready'));
      const adopted = adoptProcess(saved.pid, saved.startTime, { exitFile, pollMs: 50 });
      assert.ok(adopted);
      await adopted.terminate(300);
      assert.deepEqual(await adopted.exited, { code: null, signal: 'SIGKILL', reason: 'exit status from exit file' });
    });

    it('records SIGTERM when the job is terminated, and the job (not only the wrapper) is gone', async () => {
      const exitFile = path.join(dir, 'exit');
      const p = track(
        await startManagedProcess({ command: ['sleep', '1000'], cwd: dir, env: baseEnv, logFile: path.join(dir, 'log'), exitFile }),
      );
      const tree = await waitFor('wrapper and sleep', async () => {
        const t = await listProcessTree(p.pid);
        return t.some((x) => x.comm === 'sleep') ? t : undefined;
      });
      await p.terminate(3000);
      for (const proc of tree) assert.equal(alive(proc.pid), false);
      assert.deepEqual(await p.exited, { code: null, signal: 'SIGTERM' });
      assert.deepEqual(await readExitFile(exitFile), { code: null, signal: 'SIGTERM' });
    });

    it('records SIGTERM when terminate() comes right after start, before the command could run', async () => {
      const exitFile = path.join(dir, 'exit');
      const p = track(
        await startManagedProcess({ command: ['sleep', '1000'], cwd: dir, env: baseEnv, logFile: path.join(dir, 'log'), exitFile }),
      );
      await p.terminate(5000);
      assert.deepEqual(await p.exited, { code: null, signal: 'SIGTERM' });
      assert.deepEqual(await readExitFile(exitFile), { code: null, signal: 'SIGTERM' });
    });

    it("leaves the job's own variables alone (the wrapper's names do not clash)", async () => {
      const log = path.join(dir, 'log');
      const env = { f: 'mine', s: 'also mine', g: 'mine too' };
      const p = track(
        await startManagedProcess({ command: ['/usr/bin/env'], cwd: dir, env, logFile: log, exitFile: path.join(dir, 'exit') }),
      );
      assert.equal((await p.exited).code, 0);
      const lines = readText(log).trim().split('\n');
      for (const [k, v] of Object.entries(env)) assert.ok(lines.includes(`${k}=${v}`), `${k} changed: ${lines.join(' | ')}`);
      assert.ok(!lines.some((l) => l.startsWith('__ma_')), 'wrapper variables must not be exported to the job');
    });

    it('records SIGKILL (written by the runner) when the whole group had to be killed', async () => {
      const exitFile = path.join(dir, 'exit');
      const log = path.join(dir, 'log');
      const script = "trap '' TERM; echo ready; while :; do sleep 1; done";
      const p = track(await startManagedProcess({ command: script, cwd: dir, env: baseEnv, logFile: log, exitFile }));
      await waitFor('trap installed', () => readText(log).includes('ready'));
      await p.terminate(300);
      assert.deepEqual(await p.exited, { code: null, signal: 'SIGKILL' });
      assert.deepEqual(await readExitFile(exitFile), { code: null, signal: 'SIGKILL' });
    });

    it('copes with quotes and spaces in the exit file path and the command, and with no PATH in env', async () => {
      const sub = path.join(dir, `it's a "dir" $HOME`);
      fs.mkdirSync(sub);
      const exitFile = path.join(sub, 'exit $(touch pwned) `x`');
      const log = path.join(sub, 'log');
      const p = track(
        await startManagedProcess({ command: ['/bin/echo', "it's", '"quoted"', '$HOME'], cwd: sub, env: {}, logFile: log, exitFile }),
      );
      assert.deepEqual(await p.exited, { code: 0, signal: null });
      assert.equal(readText(log), `it's "quoted" $HOME\n`);
      assert.deepEqual(await readExitFile(exitFile), { code: 0, signal: null });
      assert.equal(fs.existsSync(path.join(sub, 'pwned')), false);
    });

    it('removes a stale exit file from an earlier run, so a running job never looks finished', async () => {
      const exitFile = path.join(dir, 'exit');
      fs.writeFileSync(exitFile, '1\n');
      const p = track(
        await startManagedProcess({
          command: 'while [ ! -e go ]; do sleep 0.05; done',
          cwd: dir,
          env: baseEnv,
          logFile: path.join(dir, 'log'),
          exitFile,
        }),
      );
      assert.equal(await readExitFile(exitFile), undefined);
      fs.writeFileSync(path.join(dir, 'go'), '');
      assert.deepEqual(await p.exited, { code: 0, signal: null });
      assert.deepEqual(await readExitFile(exitFile), { code: 0, signal: null });
    });

    it('decodes shell statuses: 128+N is signal N, the rest are exit codes', () => {
      assert.deepEqual(decodeShellStatus(0), { code: 0, signal: null });
      assert.deepEqual(decodeShellStatus(127), { code: 127, signal: null });
      assert.deepEqual(decodeShellStatus(137), { code: null, signal: 'SIGKILL' });
      assert.deepEqual(decodeShellStatus(143), { code: null, signal: 'SIGTERM' });
    });

    it('reads a missing or garbled exit file as undefined', async () => {
      assert.equal(await readExitFile(path.join(dir, 'nope')), undefined);
      fs.writeFileSync(path.join(dir, 'empty'), '');
      assert.equal(await readExitFile(path.join(dir, 'empty')), undefined);
    });
  });

  describe('adoptProcess', () => {
    it('returns undefined for a pid that is gone', async () => {
      const p = track(await startManagedProcess({ command: 'true', cwd: dir, env: baseEnv, logFile: path.join(dir, 'log') }));
      await p.exited;
      await waitFor('pid gone', () => !alive(p.pid));
      assert.equal(isSameProcess(p.pid, p.startTime), false);
      assert.equal(adoptProcess(p.pid, p.startTime), undefined);
    });

    it('returns undefined for a live pid with a different start time (pid reuse)', async () => {
      const saved = await startInDoomedDaemon('sleep 1000', dir);
      assert.equal(isSameProcess(saved.pid, saved.startTime), true);
      const wrong = String(Number(saved.startTime) + 1);
      assert.equal(isSameProcess(saved.pid, wrong), false);
      assert.equal(adoptProcess(saved.pid, wrong), undefined);
    });

    it('detects the exit of an adopted process; without an exit file the status is unknown', async () => {
      const saved = await startInDoomedDaemon('while [ ! -e go ]; do sleep 0.05; done', dir);
      const adopted = adoptProcess(saved.pid, saved.startTime, { pollMs: 50 });
      assert.ok(adopted);
      fs.writeFileSync(path.join(dir, 'go'), '');
      assert.deepEqual(await adopted.exited, { code: null, signal: null, reason: 'exit status unknown after adoption' });
    });

    it('terminates an adopted job and its children', async () => {
      const saved = await startInDoomedDaemon('sleep 1000 & sleep 1000 & wait', dir);
      const tree = await waitFor('shell and two sleeps', async () => {
        const t = await listProcessTree(saved.pid);
        return t.length >= 3 ? t : undefined;
      });
      const adopted = adoptProcess(saved.pid, saved.startTime, { pollMs: 50 });
      assert.ok(adopted);
      await adopted.terminate(2000);
      for (const proc of tree) assert.equal(alive(proc.pid), false);
      assert.equal((await adopted.exited).reason, 'exit status unknown after adoption');
    });
  });
});
