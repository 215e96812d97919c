import type * as vscode from 'vscode';
import { RpcEndpoint } from '../../../webviews/protocol/endpoint';
import type { Envelope } from '../../../webviews/protocol/rpc';

/**
 * The host's end of a panel's typed channel: an RpcEndpoint over the webview's postMessage and
 * onDidReceiveMessage. It closes with the panel, which rejects every request still waiting, so
 * nothing outlives the panel. A handler's failure is logged (the webview gets the error answer).
 */
export function panelEndpoint(panel: vscode.WebviewPanel, log: vscode.LogOutputChannel, label: string): RpcEndpoint {
  const rpc = new RpcEndpoint({
    send: (message: Envelope) => {
      // A message to a panel that is closing is simply lost; nothing waits on the answer.
      panel.webview.postMessage(message).then(undefined, () => undefined);
    },
    onHandlerError: (method, err) => log.warn(`${label}: ${method} failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  const received = panel.webview.onDidReceiveMessage((data: unknown) => rpc.receive(data));
  panel.onDidDispose(() => {
    received.dispose();
    rpc.close();
  });
  return rpc;
}
