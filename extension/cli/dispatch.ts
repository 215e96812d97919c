import { isPlatformError } from '../core/api/errors';
import { describeError } from '../core/api/errorText';
import { JobSpecError } from '../core/jobs/jobSpec';
import { StorageError } from '../core/storage/errors';
import { isAbortError } from '../core/util/abort';
import { checkFlags, parseArgs, stringFlag, UsageError } from './args';
import type { Command, CommandContext } from './command';
import type { OutputFormat } from './output';
import { resolveTarget, type Target } from './target';
import { ExitCode } from './usage';

/** Finds the command whose path is the longest prefix of `words`. */
export function findCommand(commands: readonly Command[], words: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.length <= words.length && c.path.every((w, i) => words[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

/** The commands under a group of words (`metrics` → `metrics read`, …); empty when the words are no group. */
export function groupCommands(commands: readonly Command[], words: readonly string[]): Command[] {
  if (words.length === 0) return [];
  return commands.filter((c) => c.path.length > words.length && words.every((w, i) => c.path[i] === w));
}

/** One line per command, for `modelarts --help`. */
export function commandList(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

/**
 * Runs one command: parses, checks flags and positionals, resolves the target only when the
 * command asks for it, and turns failures into the exit codes scripts rely on: 2 for usage
 * errors, 1 for API and storage errors (message and what to do on stderr).
 */
export async function dispatch(
  commands: readonly Command[],
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  signal: AbortSignal,
): Promise<number> {
  let target: Target | undefined;
  let command: Command | undefined;
  try {
    const booleans = new Set(['help', ...commands.flatMap((c) => c.booleanFlags ?? [])]);
    const { words, flags } = parseArgs(argv, booleans);
    command = findCommand(commands, words);
    // `-h` right after a group or a command is its help; anywhere later it is an argument (`notebook ssh dev ls -h`).
    const helpAt = command ? command.path.length : words.length - 1;
    if (words[helpAt] === '-h' && (command || helpAt === words.length - 1)) {
      words.splice(helpAt, 1);
      flags.set('help', true);
    }
    if (!command) {
      // `modelarts metrics` or `modelarts metrics --help`: the group's commands, like the top-level help.
      const group = groupCommands(commands, words);
      if (group.length > 0) {
        out(
          `Usage: modelarts ${words.join(' ')} <command> [arguments]\n\nCommands:\n${commandList(group)}\n\n` +
            `Run 'modelarts ${words.join(' ')} <command> --help' for a command's arguments and options.\n`,
        );
        return flags.get('help') === true ? ExitCode.ok : ExitCode.usageError;
      }
      const parent = groupCommands(commands, words.slice(0, 1));
      throw new UsageError(
        words.length === 0
          ? 'no command given'
          : `unknown command '${words.join(' ')}'${parent.length > 0 && words.length > 1 ? ` (run 'modelarts ${words[0]} --help' for its commands)` : ''}`,
      );
    }
    if (flags.get('help') === true) {
      out(`Usage: ${command.usage}\n\n${command.summary}\n${command.details ? `\n${command.details}` : ''}`);
      return ExitCode.ok;
    }
    checkFlags(flags, [...(command.flags ?? []), ...(command.booleanFlags ?? []), 'help']);
    const args = words.slice(command.path.length);
    const [min, max] = command.positionals ?? [0, 0];
    if (args.length < min || args.length > max)
      throw new UsageError(args.length < min ? 'missing arguments' : `unexpected argument '${args[max] ?? ''}'`);
    const outputFlag = stringFlag(flags, 'output');
    const outputIsFolder = command.outputFolder === true && outputFlag !== undefined && /^(obs|s3):\/\//i.test(outputFlag);
    const output = (outputIsFolder ? 'table' : (outputFlag ?? 'table')) as OutputFormat;
    const formats = command.outputs ?? ['json', 'table'];
    if (!formats.includes(output)) throw new UsageError(`--output must be ${formats.join(' or ')}, not '${String(output)}'`);
    const ctx: CommandContext = {
      args,
      flags,
      output,
      target: async () => (target ??= await resolveTarget(flags)),
      out,
      err,
      signal,
    };
    return await command.run(ctx);
  } catch (e) {
    // A malformed obs:// URL is the user's typo, not a storage failure.
    if (e instanceof UsageError || (e instanceof StorageError && e.code === 'InvalidObsUrl')) {
      err(`modelarts: ${e.message}\n${command ? `Usage: ${command.usage}\n` : "Run 'modelarts --help' for the commands.\n"}`);
      return ExitCode.usageError;
    }
    // A spec's problem is the user's to fix, like a usage error, but the usage line says nothing about it.
    if (e instanceof JobSpecError) {
      err(`modelarts: ${e.message}\n`);
      return ExitCode.usageError;
    }
    if (isAbortError(e)) {
      err('modelarts: cancelled\n');
      return ExitCode.apiError;
    }
    if (isPlatformError(e)) {
      err(`modelarts: ${describeError(e, { surface: 'cli' })}\n`);
      return ExitCode.apiError;
    }
    err(`modelarts: ${e instanceof StorageError || e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.apiError;
  } finally {
    target?.client.close();
  }
}
