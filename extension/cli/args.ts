/**
 * The command line's parser: global options anywhere, then words (the command path and
 * positionals) and `--flag value` / `--flag=value` / boolean `--flag` options. Each command
 * declares its flags, so a typo is a usage error (exit 2) rather than silently ignored.
 */

/** Options every command takes. */
export const globalFlags = ['profile', 'region', 'endpoint', 'ak', 'sk', 'project-id', 'output'] as const;
export type GlobalFlag = (typeof globalFlags)[number];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  readonly words: string[];
  readonly flags: Map<string, string | true>;
}

/** Splits argv into words and flags. `booleanFlags` take no value. */
export function parseArgs(argv: readonly string[], booleanFlags: ReadonlySet<string> = new Set()): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`'${arg}' is not an option`);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (eq >= 0) flags.set(name, arg.slice(eq + 1));
    else if (booleanFlags.has(name)) flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      i++;
    }
  }
  return { words, flags };
}

/** Fails on any flag that is neither global nor one the command declared. */
export function checkFlags(flags: ReadonlyMap<string, string | true>, allowed: readonly string[]): void {
  for (const name of flags.keys()) {
    if (!(globalFlags as readonly string[]).includes(name) && !allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

export function stringFlag(flags: ReadonlyMap<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function numberFlag(flags: ReadonlyMap<string, string | true>, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not '${v}'`);
  return n;
}
