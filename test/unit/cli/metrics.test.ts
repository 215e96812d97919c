import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../extension/cli/main';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { FIXTURES, fixture, fixturesPresent, skipWithoutFixtures, STRICT_1, tempDir } from '../core/metrics/helpers';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

type MetricsJson = { runs: { run: string; series: { tag: string; step: number[]; wall_time: number[]; value: number[] }[] }[] };

describe('cli: modelarts metrics read (local paths, in process)', () => {
  it('is listed in the top-level and the group help', async () => {
    assert.match((await run(['--help'])).out, /metrics read\s+print the scalars/);
    const group = await run(['metrics', '--help']);
    assert.equal(group.code, 0);
    assert.match(group.out, /^Usage: modelarts metrics <command>/);
    assert.match(group.out, /metrics read/);
    const bare = await run(['metrics']);
    assert.equal(bare.code, 2);
    assert.match(bare.out, /metrics read/);
    const help = await run(['metrics', 'read', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /PATH \[--tag REGEX\] \[--output table\|json\|csv\]/);
  });

  it('usage errors exit 2: no path, a missing path, a bad regex, an unknown format or verb', async () => {
    assert.equal((await run(['metrics', 'read'])).code, 2);
    const missing = await run(['metrics', 'read', '/nonexistent/logs']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
    const regex = await run(['metrics', 'read', '.', '--tag', '(']);
    assert.equal(regex.code, 2);
    assert.match(regex.err, /--tag is not a valid regular expression/);
    const format = await run(['metrics', 'read', '.', '--output', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.err, /--output must be table or json or csv/);
    const verb = await run(['metrics', 'plot', '.']);
    assert.equal(verb.code, 2);
    assert.match(verb.err, /run 'modelarts metrics --help'/);
    assert.equal((await run(['metrics', 'read', 'obs://Bad_Bucket/x'])).code, 2);
  });

  it('a folder without event files fails with exit 1 and says what to give instead', async () => {
    const tmp = tempDir();
    try {
      writeFileSync(path.join(tmp.dir, 'train.log'), 'epoch 1\n');
      const r = await run(['metrics', 'read', tmp.dir]);
      assert.equal(r.code, 1);
      assert.match(r.err, /no TensorBoard event files .* Give the folder your training writes its logs to/);
    } finally {
      tmp.remove();
    }
  });

  describe('on the fixtures', function () {
    beforeEach(function () {
      skipWithoutFixtures(this);
    });

    it('table: one row per run and tag with points, first and last step and last value', async () => {
      const r = await run(['metrics', 'read', path.join(FIXTURES, 'pytorch-tensorboard-reducer')]);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.trim().split('\n');
      assert.match(lines[0]!, /^RUN\s+TAG\s+POINTS\s+FIRST STEP\s+LAST STEP\s+LAST VALUE\s+MIN\s+MAX$/);
      assert.equal(lines.length, 1 + 2 + 3 + 1 + 1);
      assert.match(r.out, /strict\/run_1\s+strict\/foo\s+100\s+0\s+495\s+1\.2120903\s+\S+\s+\S+\n/);
      assert.match(r.out, /duplicate_steps\/run_1\s+dup_steps\/bar\s+210\s+0\s+199\s/);
    });

    it('json: every point, in the export shape; --tag filters', async () => {
      const r = await run(['metrics', 'read', path.join(FIXTURES, 'tf2-katib'), '--output', 'json', '--tag', '^acc']);
      assert.equal(r.code, 0, r.err);
      const doc = JSON.parse(r.out) as MetricsJson;
      assert.deepEqual(
        doc.runs.map((x) => [x.run, x.series.map((s) => [s.tag, s.step.length])]),
        [
          ['logs/test', [['accuracy', 10]]],
          ['logs/train', [['accuracy', 10]]],
        ],
      );
      assert.deepEqual(doc.runs[1]!.series[0]!.step, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('csv: one event file, every point', async () => {
      const r = await run(['metrics', 'read', fixture(STRICT_1), '--output', 'csv']);
      assert.equal(r.code, 0, r.err);
      const rows = r.out.trim().split('\r\n');
      assert.equal(rows[0], 'run,tag,step,wall_time,value');
      assert.equal(rows.length, 101);
      assert.match(rows[1]!, /^\.,strict\/foo,0,1622543341\.\d+,1\.4962566$/);
    });

    it('a tag pattern that matches nothing fails with exit 1 and a hint', async () => {
      const r = await run(['metrics', 'read', fixture(STRICT_1), '--tag', 'nope']);
      assert.equal(r.code, 1);
      assert.match(r.err, /no scalar tag matches \/nope\/ .*Run without --tag/);
    });
  });
});

describe('cli: modelarts metrics read obs:// (local mode storage, started on demand)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => {
    // Without the fixtures every test below skips: do not build and start the daemon for nothing.
    if (fixturesPresent()) cli = await startCliHarness();
  });
  after(() => cli?.close());
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it('reads the runs under a prefix uploaded with obs cp, and fails clearly on an empty one', () => {
    assert.equal(cli.run(['obs', 'mb', 'obs://logs']).code, 0);
    assert.equal(cli.run(['obs', 'cp', path.join(FIXTURES, 'pytorch-tensorboard-reducer'), 'obs://logs/exp1/']).code, 0);
    const doc = cli.json(['metrics', 'read', 'obs://logs/exp1']) as MetricsJson;
    assert.deepEqual(
      doc.runs.map((r) => r.run),
      ['duplicate_steps/run_1', 'lax/run_2', 'strict/run_1', 'strict/run_2'],
    );
    assert.equal(doc.runs[0]!.series[0]!.step.length, 210);
    const table = cli.run(['metrics', 'read', 'obs://logs/exp1/strict/']);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /run_2\s+strict\/foo\s+100\s+0\s+495/);
    const empty = cli.run(['metrics', 'read', 'obs://logs/nothing-here/']);
    assert.equal(empty.code, 1);
    assert.match(empty.err, /no TensorBoard event files/);
    const noBucket = cli.run(['metrics', 'read', 'obs://no-such-bucket/x/']);
    assert.equal(noBucket.code, 1);
    assert.match(noBucket.err, /bucket/i);
  });
});
