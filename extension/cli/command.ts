import type { OutputFormat } from './output';
import type { Target } from './target';

/** What a command gets: its words after the command path, its flags, the target and the writers. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
  readonly output: OutputFormat;
  /** Resolves the target on first use, so `--help` and usage errors never start a daemon. */
  target(): Promise<Target>;
  out(text: string): void;
  err(text: string): void;
  readonly signal: AbortSignal;
}

/** One `modelarts <words…>` command. */
export interface Command {
  /** E.g. ['notebook', 'create']. */
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  /** More for `--help` than the summary: an example, what a file may say. */
  readonly details?: string;
  /** Its own flags (the global ones are always allowed). */
  readonly flags?: readonly string[];
  /** Flags that take no value. */
  readonly booleanFlags?: readonly string[];
  /** The --output formats it prints (default json and table). */
  readonly outputs?: readonly OutputFormat[];
  /**
   * `--output` may also name an OBS folder (`dataset create --output obs://bucket/out/`, as the
   * platform calls a dataset's output folder); the printed format is then the table.
   */
  readonly outputFolder?: boolean;
  /** Positional arguments: [min, max]. */
  readonly positionals?: readonly [number, number];
  run(ctx: CommandContext): Promise<number>;
}
