import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NVIDIA_SMI_ARGS, NvidiaSmiError, parseNvidiaSmi, queryNvidiaSmi } from '../../../../extension/core/metrics/nvidiaSmi';
import { tempDir } from './helpers';

/**
 * Sample output written from nvidia-smi's documented CSV query format (`nvidia-smi
 * --help-query-gpu`): one line per GPU, fields in query order, `, ` separated; with nounits,
 * plain numbers; a field the device cannot report is `[N/A]` or `[Not Supported]`.
 */
const EIGHT_GPUS = `0, 37, 1234, 16160
1, 0, 0, 16160
2, 100, 16000, 16160
3, 12, 8080, 16160
4, [N/A], 512, 81920
5, [Not Supported], [Not Supported], 81920
6, 99, 81000, 81920
7, 5, 10, 81920
`;

describe('core/metrics nvidia-smi', () => {
  it('parses one sample per GPU, unreportable fields undefined', () => {
    const gpus = parseNvidiaSmi(EIGHT_GPUS);
    assert.equal(gpus.length, 8);
    assert.deepEqual(gpus[0], { index: 0, utilizationPercent: 37, memoryUsedMiB: 1234, memoryTotalMiB: 16160 });
    assert.deepEqual(gpus[4], { index: 4, memoryUsedMiB: 512, memoryTotalMiB: 81920 });
    assert.deepEqual(gpus[5], { index: 5, memoryTotalMiB: 81920 });
  });

  it('tolerates CRLF, blank lines, units left in, and stray lines', () => {
    assert.deepEqual(parseNvidiaSmi('\r\n0, 37 %, 1234 MiB, 16160 MiB\r\nNo devices were found\r\n'), [
      { index: 0, utilizationPercent: 37, memoryUsedMiB: 1234, memoryTotalMiB: 16160 },
    ]);
    assert.deepEqual(parseNvidiaSmi(''), []);
  });

  it('runs the query: undefined when nvidia-smi is not installed', async () => {
    assert.equal(await queryNvidiaSmi({ command: '/nonexistent/nvidia-smi' }), undefined);
  });

  describe('with a stand-in executable', function () {
    if (process.platform === 'win32') return;
    let tmp: ReturnType<typeof tempDir>;
    const script = (name: string, body: string): string => {
      const file = path.join(tmp.dir, name);
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    before(() => {
      tmp = tempDir();
    });
    after(() => tmp.remove());

    it('passes the documented query and parses what it prints', async () => {
      const cmd = script(
        'ok',
        `[ "$1 $2" = "${NVIDIA_SMI_ARGS.join(' ')}" ] || exit 3\nprintf '0, 37, 1234, 16160\\n1, [N/A], 10, 16160\\n'`,
      );
      assert.deepEqual(await queryNvidiaSmi({ command: cmd }), [
        { index: 0, utilizationPercent: 37, memoryUsedMiB: 1234, memoryTotalMiB: 16160 },
        { index: 1, memoryUsedMiB: 10, memoryTotalMiB: 16160 },
      ]);
    });

    it('reports a failing nvidia-smi with its message, and one that hangs by a timeout', async () => {
      const failing = script('fail', `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." >&2\nexit 9`);
      await assert.rejects(
        queryNvidiaSmi({ command: failing }),
        (err: Error) => err instanceof NvidiaSmiError && /couldn't communicate/.test(err.message),
      );
      const hanging = script('hang', 'exec sleep 30');
      await assert.rejects(
        queryNvidiaSmi({ command: hanging, timeoutMs: 200 }),
        (err: Error) => err instanceof NvidiaSmiError && /did not answer/.test(err.message),
      );
    });

    it('stops when cancelled', async () => {
      const hanging = script('hang2', 'exec sleep 30');
      const controller = new AbortController();
      const p = queryNvidiaSmi({ command: hanging, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(p, { name: 'AbortError' });
    });
  });
});
