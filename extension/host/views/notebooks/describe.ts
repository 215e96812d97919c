import type { LocalRuntime } from '../../../core/api/resources/imageTypes';
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import type { PortForwardInfo } from '../../../core/ssh/portForward';
import { plural } from '../../../core/util/plural';
import type { NodeDescription, Translate } from '../node';
import { notebookStatusText } from '../statusText';
import { mdCode, mdText } from '../markdown';

export interface NotebookNode {
  readonly kind: 'notebook';
  readonly notebook: Notebook;
  /** Ports forwarded from it over the built-in SSH link; shown as its children. */
  readonly forwards?: readonly PortForwardInfo[];
}

/** A port of a notebook forwarded to 127.0.0.1 here. */
export interface ForwardNode {
  readonly kind: 'forward';
  readonly notebookId: string;
  readonly forward: PortForwardInfo;
}

export type NotebooksNode = NotebookNode | ForwardNode;

const transitional = new Set(['INIT', 'CREATING', 'STARTING', 'STOPPING', 'DELETING', 'SNAPSHOTTING']);
const failed = new Set(['ERROR', 'CREATE_FAILED', 'START_FAILED', 'DELETE_FAILED', 'FROZEN']);

export function isNotebookTransitional(node: NotebookNode): boolean {
  return transitional.has(node.notebook.status);
}

/** "3h 20m left" until auto-stop, from the lease; undefined when not running or no lease. */
export function timeLeft(nb: Notebook, now: number, t: Translate): string | undefined {
  if (nb.status !== 'RUNNING' || !nb.lease || nb.lease.enable === false) return undefined;
  const ms = nb.lease.create_at + nb.lease.duration - now;
  if (ms <= 0) return t('stopping soon');
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60 ? t('{0}h {1}m left', Math.floor(minutes / 60), minutes % 60) : t('{0}m left', minutes);
}

/**
 * What a local notebook really runs, in a phrase: "Python 3.11.2 as alice, on this machine’s
 * network, no sandbox". Its image is only a label (local mode has no containers).
 */
export function describeLocalRuntime(runtime: LocalRuntime, t: Translate): string {
  const python = runtime.python || t('no python3 on the PATH');
  return t('{0} as {1}, on this machine’s network, no sandbox', python, runtime.user);
}

function icon(status: string): string {
  if (status === 'RUNNING') return 'vm-running|charts.green';
  if (failed.has(status)) return 'error|errorForeground';
  if (transitional.has(status)) return 'loading~spin';
  return 'vm-outline';
}

/** A notebook: status icon, image, flavor and time left before auto-stop; contextValue notebook.<status>. */
export function describeNotebook(node: NotebookNode, t: Translate, now = Date.now()): NodeDescription {
  const nb = node.notebook;
  const left = timeLeft(nb, now, t);
  const ssh = nb.endpoints?.find((e) => e.service === 'SSH')?.uri;
  const forwards = node.forwards?.length ?? 0;
  return {
    id: `notebook/${nb.id}`,
    label: nb.name,
    description: [
      notebookStatusText(nb.status, t),
      left,
      forwards > 0 ? plural(forwards, { one: t('{0} port forwarded', forwards), other: t('{0} ports forwarded', forwards) }) : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    tooltip: [
      `**${mdText(nb.name)}** — ${mdText(notebookStatusText(nb.status, t))}`,
      nb.fail_reason ? `⚠ ${mdText(nb.fail_reason)}` : undefined,
      `${t('Image')}: ${mdText(nb.image?.name ?? '-')}`,
      nb.local_runtime
        ? `${t('Local mode: the image is a label only. The notebook runs {0}.', mdText(describeLocalRuntime(nb.local_runtime, t)))}`
        : undefined,
      `${t('Flavor')}: ${mdText(nb.flavor)}`,
      ssh ? `SSH: ${mdCode(ssh)}` : undefined,
      left ? `${t('Auto-stop')}: ${left}` : undefined,
      `${t('ID')}: ${mdCode(nb.id)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: icon(nb.status),
    contextValue: `notebook.${nb.status.toLowerCase()}`,
    ...(forwards > 0 ? { collapsible: 'expanded' as const } : {}),
  };
}

/** Whether a forward's local port differs from the one asked for (that one was busy). */
export function forwardMoved(info: PortForwardInfo): boolean {
  return info.requestedLocalPort !== 0 && info.requestedLocalPort !== info.localPort;
}

/** A forwarded port: `localhost:8888 → 8888 (Jupyter)`, traffic, the last error; click opens it. */
export function describeForward(node: ForwardNode, t: Translate): NodeDescription {
  const f = node.forward;
  const traffic = t(
    '{0}, {1} KB in, {2} KB out',
    plural(f.totalConnections, { one: t('{0} connection', f.totalConnections), other: t('{0} connections', f.totalConnections) }),
    Math.round(f.bytesFromRemote / 1024),
    Math.round(f.bytesToRemote / 1024),
  );
  return {
    id: `forward/${node.notebookId}/${f.id}`,
    label: `${f.localHost}:${f.localPort} → ${f.remotePort}`,
    // The port asked for was busy: the row says so (VS Code's own port toast may name only the new one).
    description: [f.label, forwardMoved(f) ? t('{0} was busy', f.requestedLocalPort) : undefined, f.lastError ? t('error') : undefined]
      .filter(Boolean)
      .join(' · '),
    tooltip: [
      `${mdText(`http://${f.localHost}:${f.localPort} → ${f.remoteHost}:${f.remotePort}`)} ${t('in the notebook')}`,
      traffic,
      f.lastError ? `⚠ ${mdText(f.lastError)}` : undefined,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: f.lastError ? 'warning|problemsWarningIcon.foreground' : 'plug',
    contextValue: f.lastError ? 'forward.error' : 'forward.active',
    command: { command: 'modelarts.notebooks.openForward', title: t('Open in Browser'), arguments: [node] },
  };
}

export function describeNotebooksNode(node: NotebooksNode, t: Translate): NodeDescription {
  return node.kind === 'forward' ? describeForward(node, t) : describeNotebook(node, t);
}
