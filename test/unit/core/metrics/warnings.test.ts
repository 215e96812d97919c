import assert from 'node:assert/strict';
import { describeWarning, type MetricsWarning } from '../../../../extension/core/metrics/source';
import { english } from '../../../../extension/core/util/translate';

describe('metrics warnings: structured in core, worded by the caller', () => {
  it('fills the English templates on the CLI', () => {
    const cases: [MetricsWarning, string][] = [
      [{ kind: 'corruptRecords', count: 3, where: '/logs' }, '3 corrupt event-file records skipped in /logs.'],
      [{ kind: 'resynced', count: 1, where: 'obs://b/runs' }, '1 damaged place in obs://b/runs was skipped to the next good record.'],
      [{ kind: 'rewritten', run: 'eval' }, 'An event file of eval was rewritten; its earlier points are kept beside the new ones.'],
      [{ kind: 'readFailed', where: 'job-1', message: 'ECONNREFUSED' }, 'Could not read job-1: ECONNREFUSED'],
      [{ kind: 'text', text: 'as made' }, 'as made'],
    ];
    for (const [w, text] of cases) assert.equal(describeWarning(w, english), text);
  });

  it('hands the translator the template and its arguments, so the host can translate', () => {
    const seen: unknown[][] = [];
    describeWarning({ kind: 'corruptRecords', count: 2, where: 'x' }, (m, ...args) => (seen.push([m, ...args]), m));
    // Both of English's forms, each translated on its own; plural() keeps the one the count takes.
    assert.deepEqual(seen, [
      ['{0} corrupt event-file record skipped in {1}.', 2, 'x'],
      ['{0} corrupt event-file records skipped in {1}.', 2, 'x'],
    ]);
  });

  it('english leaves a placeholder without an argument as it is', () => {
    assert.equal(english('{0} and {1}', 'a'), 'a and {1}');
  });
});
