// Mocha reporter for every tier: prints like `spec` and, when MODELARTS_TEST_COUNTS names a file,
// writes {passed, failed, skipped, failures} there so test/run.ts can add the tiers up.
// Plain CommonJS because mocha loads reporters with require(), inside VS Code's extension host too.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      failures.push({ title: test.fullTitle(), message: String((err && err.message) || err) });
    });
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.MODELARTS_TEST_COUNTS;
      if (!file) return;
      const stats = runner.stats || {};
      const counts = { passed: stats.passes || 0, failed: stats.failures || 0, skipped: stats.pending || 0, failures };
      fs.writeFileSync(file, JSON.stringify(counts, null, 2));
    });
  }
}

module.exports = CountingReporter;
