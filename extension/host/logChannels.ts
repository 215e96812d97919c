import * as vscode from 'vscode';
import { BoundedLog, defaultLogLimits, type LogLimits } from './boundedLog';

/**
 * An output channel for streamed output (a training job's log, a command run in a notebook), in
 * the `log` language (VS Code colours time stamps, levels and strings), with a ceiling on its
 * size: past it, the middle is dropped and a line says so and where the whole log is.
 */
export class LogChannel {
  private readonly log: BoundedLog;

  constructor(
    private readonly channel: vscode.OutputChannel,
    limits: LogLimits,
    /** Where the whole output can be read, said in the line that replaces the dropped part. */
    private wholeLogHint: string | undefined,
  ) {
    this.log = new BoundedLog(limits, (dropped) => {
      const note = vscode.l10n.t(
        '[ModelArts] {0} MB of earlier output are not shown: this channel keeps the first line and the last {1} MB.',
        (dropped / 1_000_000).toFixed(1),
        (limits.keepChars / 1_000_000).toFixed(1),
      );
      return this.wholeLogHint ? `${note} ${this.wholeLogHint}` : note;
    });
  }

  get name(): string {
    return this.channel.name;
  }

  /** Says where the whole output is, for the line that stands for what was dropped. */
  setWholeLogHint(hint: string | undefined): void {
    this.wholeLogHint = hint;
  }

  append(text: string): void {
    const update = this.log.write(text);
    if ('append' in update) this.channel.append(update.append);
    else this.channel.replace(update.replace);
  }

  appendLine(text: string): void {
    this.append(`${text}\n`);
  }

  clear(): void {
    this.log.clear();
    this.channel.clear();
  }

  /** What the channel holds now (the bounded text), for scripts and tests. */
  text(): string {
    return this.log.text();
  }

  show(preserveFocus?: boolean): void {
    this.channel.show(preserveFocus);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/**
 * Output channels for streamed training-job logs, one per job name, reused when the log is shown
 * again; following a channel again stops the previous follower, so two tails never interleave.
 */
export class LogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, LogChannel>();
  private readonly followers = new Map<string, AbortController>();

  constructor(private readonly limits: LogLimits = defaultLogLimits) {}

  open(name: string, wholeLogHint?: string): LogChannel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new LogChannel(vscode.window.createOutputChannel(name, 'log'), this.limits, wholeLogHint);
      this.channels.set(name, channel);
    } else channel.setWholeLogHint(wholeLogHint);
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
