// Test-harness extension: on startup, runs mocha test files INSIDE the extension host (live `vscode` API)
// and writes { passed, failed, skipped, failures, ... } as JSON.
// Config: JSON file named by env MAT_TEST_CONFIG (code-server passes its env to the extension host),
// else run-config.json next to this file (runIntegration.ts writes it before packaging), so either route works.
// Config shape: { mochaPath, testFiles: string[], resultsPath, timeoutMs? }
'use strict';
const fs = require('fs');
const path = require('path');

function readConfig() {
  const candidates = [process.env.MAT_TEST_CONFIG, path.join(__dirname, 'run-config.json')].filter(Boolean);
  for (const file of candidates) {
    if (fs.existsSync(file)) return { file, config: JSON.parse(fs.readFileSync(file, 'utf8')) };
  }
  throw new Error(`no test config found (tried ${candidates.join(', ')})`);
}

function writeResults(resultsPath, results) {
  // Write-then-rename so the harness never reads a half-written file.
  fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
  fs.writeFileSync(resultsPath + '.tmp', JSON.stringify(results, null, 2));
  fs.renameSync(resultsPath + '.tmp', resultsPath);
}

async function runTests(config, configFile) {
  // mocha is loaded by absolute path from the repo's node_modules: the runner ships no dependencies.
  const Mocha = require(config.mochaPath);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: config.timeoutMs || 20000 });
  for (const f of config.testFiles) mocha.addFile(f);
  const results = {
    passed: 0,
    failed: 0,
    skipped: 0,
    failures: [],
    tests: [],
    configFile,
    envConfigSeen: Boolean(process.env.MAT_TEST_CONFIG),
    vscodeVersion: require('vscode').version,
  };
  await mocha.loadFilesAsync(); // handles CJS and ESM test files alike
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
    });
    runner.on('pending', (t) => {
      results.skipped++;
      results.tests.push({ title: t.fullTitle(), state: 'skipped' });
    });
    runner.on('fail', (t, err) => {
      results.failed++;
      results.failures.push({ title: t.fullTitle(), message: String(err && (err.message || err)), stack: err && err.stack });
      results.tests.push({ title: t.fullTitle(), state: 'failed' });
    });
  });
  return results;
}

exports.activate = function activate() {
  let config, file, resultsPath;
  try {
    ({ config, file } = readConfig());
    resultsPath = config.resultsPath;
  } catch (e) {
    console.error('[integration-runner]', e);
    return;
  }
  // Not awaited: activation must return promptly; results are reported through the file.
  runTests(config, file)
    .then((r) => writeResults(resultsPath, r))
    .catch((e) =>
      writeResults(resultsPath, {
        passed: 0,
        failed: 1,
        skipped: 0,
        error: String((e && e.stack) || e),
        failures: [{ title: 'integration-runner: could not run tests', message: String((e && e.message) || e) }],
      }),
    );
};

exports.deactivate = function deactivate() {};
