import * as vscode from 'vscode';

/**
 * Output channels for streamed training-job logs, one per job name, reused when the log is shown
 * again; following a channel again stops the previous follower, so two tails never interleave.
 */
export class LogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly followers = new Map<string, AbortController>();

  open(name: string): vscode.OutputChannel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = vscode.window.createOutputChannel(name);
      this.channels.set(name, channel);
    }
    return channel;
  }

  follow(name: string): AbortController {
    this.followers.get(name)?.abort();
    const controller = new AbortController();
    this.followers.set(name, controller);
    return controller;
  }

  dispose(): void {
    for (const f of this.followers.values()) f.abort();
    for (const c of this.channels.values()) c.dispose();
  }
}
