/**
 * The text of an output channel with a ceiling. A training job can print for days; an output
 * channel keeps everything it is given, in the extension host and in the window, so a long log
 * would grow without end. This keeps the channel's first line (what the channel is: the job's
 * header with its metrics link, the command that ran) and the end of the output, and drops the
 * middle in large steps, so the channel is rewritten rarely (once per `maxChars - keepChars` of
 * new output) rather than on every chunk. Pure (no `vscode`), so it is unit-tested on its own.
 */

export interface LogLimits {
  /** When first line and tail together pass this many characters, the tail is cut… */
  readonly maxChars: number;
  /** …to about this many (it starts at a line's start). */
  readonly keepChars: number;
}

/** Two million characters: a few MB, which an output channel shows and searches smoothly. */
export const defaultLogLimits: LogLimits = { maxChars: 2_000_000, keepChars: 1_000_000 };

/** What the channel must do with a write: append the text as it came, or replace its whole content. */
export type LogUpdate = { readonly append: string } | { readonly replace: string };

export class BoundedLog {
  private firstLine = '';
  private firstLineDone = false;
  private tail = '';
  private dropped = 0;

  constructor(
    private readonly limits: LogLimits,
    /** The line that stands for the dropped part, given how many characters were dropped. */
    private readonly notice: (droppedChars: number) => string,
  ) {
    if (!(limits.keepChars > 0 && limits.keepChars < limits.maxChars)) throw new RangeError('keepChars must be between 0 and maxChars');
  }

  /** Characters dropped from the middle so far. */
  get droppedChars(): number {
    return this.dropped;
  }

  /** What the channel shows now. */
  text(): string {
    if (this.dropped === 0) return this.firstLine + this.tail;
    const gap = this.firstLine === '' || this.firstLine.endsWith('\n') ? '' : '\n';
    return `${this.firstLine}${gap}${this.notice(this.dropped)}\n${this.tail}`;
  }

  write(text: string): LogUpdate {
    let rest = text;
    if (!this.firstLineDone) {
      const newline = rest.indexOf('\n');
      // A first "line" that never ends is cut like the rest: it goes to the tail past the ceiling.
      const end = newline >= 0 ? newline + 1 : Math.min(rest.length, Math.max(0, this.limits.keepChars - this.firstLine.length));
      this.firstLine += rest.slice(0, end);
      rest = rest.slice(end);
      this.firstLineDone = newline >= 0 || rest.length > 0;
    }
    this.tail += rest;
    if (this.firstLine.length + this.tail.length <= this.limits.maxChars) return { append: text };
    const cutAt = this.tail.length - this.limits.keepChars;
    const lineStart = this.tail.indexOf('\n', cutAt);
    // Keep whole lines when the kept part has a line break; otherwise cut mid-line.
    const from = lineStart >= 0 && lineStart + 1 < this.tail.length ? lineStart + 1 : cutAt;
    this.dropped += from;
    this.tail = this.tail.slice(from);
    return { replace: this.text() };
  }

  clear(): void {
    this.firstLine = '';
    this.firstLineDone = false;
    this.tail = '';
    this.dropped = 0;
  }
}
