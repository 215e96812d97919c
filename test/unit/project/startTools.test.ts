import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatElapsed, lastStep, progressLine, runWithProgress } from '../../tools/installProgress';
import { firstStartNotice, startUserDataDir } from '../../tools/startDir';

describe('project: npm start keeps its user data and tells what the first start does', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-start-tools-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps the user data in the config dir (not the temp dir Ctrl+C deleted); MODELARTS_START_DIR picks another', () => {
    assert.equal(startUserDataDir({ HOME: '/home/ann' }), '/home/ann/.config/modelarts-toolkit/npm-start');
    assert.equal(startUserDataDir({ XDG_CONFIG_HOME: '/cfg' }), '/cfg/modelarts-toolkit/npm-start');
    assert.equal(startUserDataDir({ MODELARTS_START_DIR: 'rel/dir' }), path.resolve('rel/dir'));
    assert.ok(!startUserDataDir({}).startsWith(os.tmpdir()));
  });

  it('the first-start notice says how long, how much and where', () => {
    const notice = firstStartNotice();
    assert.match(notice, /^First start: installing code-server [\d.]+ \(a real VS Code\) and Node 24 into .*\.vscode-test\./);
    assert.match(notice, /about 6 minutes and 810 MB, with a progress line every 20 seconds/);
  });

  it('progress lines: time so far, size of about how much, the last step of the log (not npm warnings)', () => {
    assert.equal(formatElapsed(5_400), '5s');
    assert.equal(formatElapsed(125_000), '2m 05s');
    assert.equal(lastStep('gyp info spawn make\nnpm warn deprecated x\n\n'), 'gyp info spawn make');
    assert.equal(lastStep(`${'x'.repeat(150)}\n`)?.length, 100);
    assert.equal(lastStep(''), undefined);
    assert.equal(progressLine('code-server', 130_000, 412, 620, 'gyp info ok'), 'code-server: 2m 10s, 412 of about 620 MB; gyp info ok');
    assert.equal(progressLine('node 24', 3_000, undefined, undefined), 'node 24: 3s');
  });

  it('runWithProgress reports the running install (the step, the size) while it runs, and logs everything', async () => {
    // The child waits for a file that only the progress report creates: it ends only once a
    // progress line named its first step, so no timing is assumed.
    const flag = path.join(tmp, 'seen');
    const fills = path.join(tmp, 'fills');
    const lines: string[] = [];
    const script = `mkdir -p "${fills}"; head -c 3000000 /dev/zero > "${fills}/blob"; echo building step one; while [ ! -e "${flag}" ]; do sleep 0.05; done; echo done`;
    const log = path.join(tmp, 'install.log');
    await runWithProgress('sh', ['-c', script], {
      logFile: log,
      label: 'thing',
      sizeOf: fills,
      expectedMb: 10,
      everyMs: 50,
      report: (line) => {
        lines.push(line);
        if (line.includes('building step one')) writeFileSync(flag, '');
      },
    });
    const seen = lines.find((l) => l.includes('building step one'));
    assert.match(seen ?? '', /^thing: \d+s, 3 of about 10 MB; building step one$/);
    assert.equal(readFileSync(log, 'utf8'), 'building step one\ndone\n');
  });

  it('runWithProgress fails with the tail of the log', async () => {
    const log = path.join(tmp, 'failed.log');
    await assert.rejects(
      runWithProgress('sh', ['-c', 'echo what went wrong; exit 3'], { logFile: log, label: 'x', report: () => undefined }),
      /failed \(status 3, signal null\)\nwhat went wrong/,
    );
    assert.ok(existsSync(log));
  });
});
