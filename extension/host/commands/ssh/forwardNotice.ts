/**
 * How a new port forward is announced, as pure data (no `vscode`; the caller shows it).
 *
 * In a remote or web window (Remote-SSH, code-server) VS Code watches the ports processes on the
 * remote side listen on, the extension host's included, and offers each new one in its own toast
 * with the address that works from the user's browser. A second toast from us about the same port
 * would compete with it, and when the preferred port was busy the two would even name different
 * ports; so there the forward is told in the status bar and on its row in the Notebooks view.
 * In a local window nothing else announces it: our toast does, with Open in Browser.
 */
import type { PortForwardInfo } from '../../../core/ssh/portForward';
import type { Translate } from '../../views/node';
import { forwardMoved } from '../../views/notebooks/describe';

export interface ForwardNotice {
  /** A toast with Open in Browser, only where VS Code does not announce the port itself. */
  readonly toast?: string;
  /** The status bar message, always. */
  readonly status: string;
}

export function forwardNotice(info: PortForwardInfo, notebookName: string, vscodeAnnouncesPorts: boolean, t: Translate): ForwardNotice {
  const where = `127.0.0.1:${info.localPort}`;
  const text = forwardMoved(info)
    ? t('Port {0} of {1} is at {2} ({3} was busy).', info.remotePort, notebookName, where, info.requestedLocalPort)
    : t('Port {0} of {1} is at {2}.', info.remotePort, notebookName, where);
  return vscodeAnnouncesPorts ? { status: text } : { toast: text, status: text };
}

/**
 * Whether VS Code itself offers the ports this extension host listens on: in a remote or web
 * window with port auto-forwarding on and ports found by watching processes (not only terminal output).
 */
export function vscodeAnnouncesPorts(window: {
  remote: boolean;
  web: boolean;
  autoForwardPorts: unknown;
  autoForwardPortsSource: unknown;
}): boolean {
  return (window.remote || window.web) && window.autoForwardPorts !== false && window.autoForwardPortsSource !== 'output';
}
