import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { localApi } from './localApi';
import { until } from './wait';

/** Job specs in the editor: problems in the Problems panel as typed, completion from the platform. */
describe('Job spec editing: diagnostics and completion, in the real extension host', () => {
  const good = `metadata:
  name: editor
algorithm:
  command: "true"
  engine: {engine_name: PyTorch, engine_version: "1.8"}
spec:
  resource:
    flavor_id: modelarts.vm.cpu.2u
`;
  function specFile(text: string, name = 'job.yaml'): vscode.Uri {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ma-it-spec-')), name);
    writeFileSync(file, text);
    return vscode.Uri.file(file);
  }
  const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ModelArts');

  it('a spec with mistakes shows each at its place; fixing the text clears them', async function () {
    this.timeout(60_000);
    // The YAML extension is not installed here, so the schema's mistakes are ours to show.
    assert.equal(vscode.extensions.getExtension('redhat.vscode-yaml'), undefined);
    const uri = specFile(good.replace('flavor_id:', 'flavour_id:').replace('name: editor', 'name: first run'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const found = await until('diagnostics on the bad spec', async () => {
      const d = ours(uri);
      return d.length >= 3 ? d : undefined;
    });
    assert.deepEqual(
      found.map((d) => [d.range.start.line, d.range.start.character, d.message.split('.')[0]]),
      [
        [1, 8, 'metadata'],
        [7, 4, 'spec'],
        [7, 4, 'flavour_id is not a field of spec'],
      ],
    );
    assert.equal(found[2]?.message, 'flavour_id is not a field of spec.resource. Did you mean flavor_id?');
    assert.deepEqual([found[2]?.range.end.line, found[2]?.range.end.character], [7, 14]);
    assert.equal(found[0]?.severity, vscode.DiagnosticSeverity.Error);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), good);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the diagnostics to clear', async () => (ours(uri).length === 0 ? true : undefined));
  });

  it('an engine or flavor the platform does not have is a problem too, with the ones it has', async function () {
    this.timeout(60_000);
    const uri = specFile(good.replace('modelarts.vm.cpu.2u', 'modelarts.vm.gpu.none'), 'train.job.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [problem] = await until('the flavor problem', async () => {
      const d = ours(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.match(problem?.message ?? '', /^spec\.resource\.flavor_id: the platform has no flavor modelarts\.vm\.gpu\.none\. Its flavors: /);
    assert.equal(problem?.range.start.line, 7);
  });

  it('completes flavor ids and engine versions from the local platform', async function () {
    this.timeout(60_000);
    const api = await localApi();
    const uri = specFile(good.replace('flavor_id: modelarts.vm.cpu.2u', 'flavor_id: '));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const flavorLine = 7;
    const labels = async (position: vscode.Position) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const flavors = (await api.trainingJobs.flavors()).map((f) => f.flavor_id);
    const offered = await until('flavor completions', async () => {
      const got = await labels(new vscode.Position(flavorLine, document.lineAt(flavorLine).text.length));
      return flavors.every((f) => got.includes(f)) ? got : undefined;
    });
    assert.ok(offered.includes('modelarts.vm.cpu.2u'), offered.join());
    const versions = (await api.trainingJobs.engines()).filter((e) => e.engine_name === 'PyTorch').map((e) => e.engine_version);
    const versionOffered = await labels(new vscode.Position(4, document.lineAt(4).text.indexOf('"1.8"') + 1));
    for (const v of versions) assert.ok(versionOffered.includes(v), `${v} in ${versionOffered.join()}`);
  });
});
