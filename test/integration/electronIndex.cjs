// Entry point @vscode/test-electron loads in the desktop extension host: runs the bundled
// integration tests (paths in MODELARTS_TEST_FILES) with the counting reporter.
'use strict';
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60000,
    color: true,
    reporter: path.join(__dirname, '..', 'tools', 'countingReporter.cjs'),
  });
  for (const file of JSON.parse(process.env.MODELARTS_TEST_FILES || '[]')) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
};
