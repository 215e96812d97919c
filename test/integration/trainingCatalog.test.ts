import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { localApi } from './localApi';

describe('Show Training Engines and Show Training Flavors, in the real extension host', () => {
  it('open read-only YAML documents listing what the connected platform serves, in the fields a spec names', async function () {
    this.timeout(60_000);
    const api = await localApi();
    const engines = await vscode.commands.executeCommand<vscode.TextDocument>('modelarts.trainingJobs.showEngines');
    assert.equal(engines.uri.scheme, 'modelarts-catalog');
    assert.equal(engines.languageId, 'yaml');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), engines.uri.toString());
    assert.match(
      engines.getText(),
      /^# Training engines of Local \(in a terminal: modelarts job engines\)\.\n# A job spec names one in algorithm\.engine/,
    );
    const served = await api.trainingJobs.engines();
    assert.deepEqual(
      (parse(engines.getText()) as { engine_name: string; engine_version: string }[]).map((e) => [e.engine_name, e.engine_version]),
      served.map((e) => [e.engine_name, e.engine_version]),
    );

    const flavors = await vscode.commands.executeCommand<vscode.TextDocument>('modelarts.trainingJobs.showFlavors');
    assert.equal(flavors.uri.scheme, 'modelarts-catalog');
    assert.match(flavors.getText(), /^# Training flavors of Local/);
    const listed = parse(flavors.getText()) as { flavor_id: string; type: string; size: string }[];
    assert.deepEqual(
      listed.map((f) => f.flavor_id),
      (await api.trainingJobs.flavors()).map((f) => f.flavor_id),
    );
    assert.deepEqual([listed[0]?.type, listed[0]?.size], ['CPU', '2 vCPUs 8GB']);
  });
});
