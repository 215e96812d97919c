import assert from 'node:assert/strict';
import type { LocalRuntime } from '../../../../extension/core/api/resources/imageTypes';
import type { Notebook } from '../../../../extension/core/api/resources/notebookTypes';
import type { PortForwardInfo } from '../../../../extension/core/ssh/portForward';
import { english } from '../../../../extension/core/util/translate';
import { runningMessage } from '../../../../extension/host/commands/notebooks/nextSteps';
import { forwardNotice, vscodeAnnouncesPorts } from '../../../../extension/host/commands/ssh/forwardNotice';
import { describeForward, describeNotebook } from '../../../../extension/host/views/notebooks/describe';

const runtime: LocalRuntime = { python: 'Python 3.11.2', user: 'alice', network: 'host', sandbox: 'none' };

function notebook(extra: Partial<Notebook> = {}): Notebook {
  return {
    id: 'nb-1',
    name: 'dev',
    status: 'RUNNING',
    flavor: 'modelarts.vm.cpu.2u',
    image: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' },
    endpoints: [{ service: 'SSH', uri: 'ssh://ma-user@127.0.0.1:2222', key_pair_names: ['laptop'] }],
    ...extra,
  } as Notebook;
}

function forward(requestedLocalPort: number, localPort: number): PortForwardInfo {
  return {
    id: 'f1',
    label: 'Jupyter',
    remoteHost: '127.0.0.1',
    remotePort: 8888,
    localHost: '127.0.0.1',
    localPort,
    requestedLocalPort,
    activeConnections: 0,
    totalConnections: 0,
    failedConnections: 0,
    bytesToRemote: 0,
    bytesFromRemote: 0,
    lastError: undefined,
  };
}

/** A tooltip as the hover shows it: platform text in it is Markdown-escaped (views/markdown.ts). */
const shown = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

describe('host: what notebooks say in local mode, and when they run', () => {
  it('a local notebook’s tooltip says its image is a label and what it really runs (no sandbox)', () => {
    const tip = shown(describeNotebook({ kind: 'notebook', notebook: notebook({ local_runtime: runtime }) }, english, 0).tooltip ?? '');
    assert.match(tip, /the image is a label only/);
    assert.match(tip, /Python 3\.11\.2 as alice, on this machine’s network, no sandbox/);
    const noPython = describeNotebook({ kind: 'notebook', notebook: notebook({ local_runtime: { ...runtime, python: '' } }) }, english, 0);
    assert.match(shown(noPython.tooltip ?? ''), /no python3 on the PATH as alice/);
    const cloud = describeNotebook({ kind: 'notebook', notebook: notebook() }, english, 0).tooltip ?? '';
    assert.doesNotMatch(cloud, /label only|sandbox/, 'a cloud notebook runs its image');
  });

  it('"is running" offers the next step: a terminal and a window, when SSH reaches it', () => {
    const local = runningMessage(notebook({ local_runtime: runtime }), english);
    assert.equal(
      local.message,
      'Notebook dev is running: Python 3.11.2 as alice, on this machine’s network, no sandbox (local mode; the image is a label only).',
    );
    assert.deepEqual(
      local.steps.map((s) => [s.label, s.command]),
      [
        ['Open Terminal', 'modelarts.notebooks.openTerminal'],
        ['Connect', 'modelarts.notebooks.connect'],
      ],
    );
    const noSsh = runningMessage(notebook({ endpoints: [{ service: 'SSH', uri: '', key_pair_names: [] }] }), english);
    assert.equal(noSsh.message, 'Notebook dev is running.');
    assert.deepEqual(noSsh.steps, [], 'no key pair: neither a terminal nor a window can reach it');
  });

  it('a forward that fell back to another port says so on its row, and leaves the toast to VS Code where VS Code announces ports', () => {
    const moved = forward(8888, 8889);
    assert.match(describeForward({ kind: 'forward', notebookId: 'nb-1', forward: moved }, english).description ?? '', /8888 was busy/);
    assert.doesNotMatch(
      describeForward({ kind: 'forward', notebookId: 'nb-1', forward: forward(8888, 8888) }, english).description ?? '',
      /busy/,
    );
    const remote = forwardNotice(moved, 'dev', true, english);
    assert.equal(remote.toast, undefined, 'no second toast beside VS Code’s own');
    assert.equal(remote.status, 'Port 8888 of dev is at 127.0.0.1:8889 (8888 was busy).');
    assert.equal(forwardNotice(moved, 'dev', false, english).toast, remote.status, 'in a local window nothing else tells of it');
    assert.equal(forwardNotice(forward(0, 40123), 'dev', false, english).toast, 'Port 8888 of dev is at 127.0.0.1:40123.');
  });

  it('VS Code announces ports itself in remote and web windows, unless auto-forwarding is off or watches terminal output only', () => {
    const window = { remote: false, web: false, autoForwardPorts: undefined, autoForwardPortsSource: undefined };
    assert.equal(vscodeAnnouncesPorts(window), false, 'a local desktop window');
    assert.equal(vscodeAnnouncesPorts({ ...window, web: true }), true, 'code-server');
    assert.equal(vscodeAnnouncesPorts({ ...window, remote: true, autoForwardPortsSource: 'process' }), true);
    assert.equal(vscodeAnnouncesPorts({ ...window, remote: true, autoForwardPorts: false }), false);
    assert.equal(vscodeAnnouncesPorts({ ...window, remote: true, autoForwardPortsSource: 'output' }), false);
  });
});
