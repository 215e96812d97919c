import assert from 'node:assert/strict';
import type { Notebook } from '../../../../extension/core/api/resources/notebookTypes';
import { selectedNodes } from '../../../../extension/host/commands/selection';
import { isNodeOfKind } from '../../../../extension/host/views/treeNode';

const notebook = (name: string): Notebook => ({ id: `id-${name}`, name, status: 'RUNNING', flavor: 'modelarts.vm.cpu.2u' }) as Notebook;
const nb = (name: string) => ({ kind: 'notebook' as const, notebook: notebook(name) });

describe('host: the nodes a command acts on (selectedNodes)', () => {
  it('takes the multi-selection when VS Code passes one, the clicked node being one of them', () => {
    const [a, b, c] = [nb('a'), nb('b'), nb('c')];
    assert.deepEqual(
      selectedNodes('notebook', b, [a, b, c]).map((n) => n.notebook.name),
      ['a', 'b', 'c'],
    );
  });

  it('takes the clicked node alone when there is no selection (VS Code passes none for a single node)', () => {
    assert.deepEqual(
      selectedNodes('notebook', nb('a'), undefined).map((n) => n.notebook.name),
      ['a'],
    );
    assert.deepEqual(
      selectedNodes('notebook', nb('a'), []).map((n) => n.notebook.name),
      ['a'],
    );
    assert.deepEqual(selectedNodes('notebook', undefined, undefined), [], 'from the palette: nothing, so the command asks');
  });

  it('keeps only nodes of the kinds asked for: a forward under a notebook is no notebook', () => {
    const forward = { kind: 'forward', notebookId: 'id-a', forward: { id: 'f1', localPort: 8888 } };
    assert.deepEqual(
      selectedNodes('notebook', nb('a'), [nb('a'), forward]).map((n) => n.kind),
      ['notebook'],
    );
    assert.deepEqual(
      selectedNodes('forward', forward, [nb('a'), forward]).map((n) => n.kind),
      ['forward'],
    );
    const storage = [
      { kind: 'bucket', bucket: 'b' },
      { kind: 'folder', bucket: 'b', prefix: 'p/' },
      { kind: 'object', bucket: 'b', key: 'p/x' },
    ];
    assert.deepEqual(
      selectedNodes(['folder', 'object'], storage[0], storage).map((n) => n.kind),
      ['folder', 'object'],
    );
  });

  it('checks what it is given, since a keybinding or a script may pass anything', () => {
    const junk: unknown[] = [
      null,
      0,
      'notebook',
      [nb('a')],
      { kind: 'notebook' },
      { kind: 'notebook', notebook: 'nb-1' },
      { notebook: {} },
    ];
    for (const value of junk) {
      assert.deepEqual(selectedNodes('notebook', value), [], `${JSON.stringify(value)} was taken for a notebook node`);
      assert.equal(isNodeOfKind(value, ['notebook']), false);
    }
    assert.deepEqual(
      selectedNodes('notebook', undefined, [...junk, nb('ok')]).map((n) => n.notebook.name),
      ['ok'],
    );
    assert.deepEqual(selectedNodes('folder', { kind: 'folder', bucket: 'b', prefix: 7 }), [], 'a folder’s prefix is a string');
    assert.deepEqual(selectedNodes('notebook', nb('a'), 'not a list').length, 1, 'a selection that is no list is ignored');
  });
});
