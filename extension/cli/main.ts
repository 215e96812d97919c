import { version } from '../../package.json';
import { useLanguage } from '../core/util/translate';
import { allCommands } from './commands/index';
import { commandList, dispatch } from './dispatch';
import { cliTranslate, languageOf } from './language';
import { runLocalCommand } from './localCommand';
import { ExitCode, usageText } from './usage';

/** Parses the command line and returns the exit code; output goes through the given writers. */
export async function runCli(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && argv.length === 1)) {
    out(usageText(commandList(allCommands)));
    return first === undefined ? ExitCode.usageError : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    out(`${version}\n`);
    return ExitCode.ok;
  }
  // `modelarts help job logs` is `modelarts job logs --help`.
  if (first === 'help') return runCli([...argv.slice(1), '--help'], out, err, signal);
  if (first === 'local') return runLocalCommand(argv.slice(1), out, err);
  return dispatch(allCommands, argv, out, err, signal);
}

if (require.main === module) {
  // The AWS SDK warns on every run that future releases will need Node 22: true, but nothing a
  // user of this command can act on, and it would bury the command's own messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Errors and hints in the locale's language (Chinese under zh_CN), see language.ts.
  useLanguage(cliTranslate(process.env), languageOf(process.env));
  // Ctrl+C cancels the running call (and its transfers) cleanly instead of killing mid-write.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  runCli(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
    controller.signal,
  ).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`modelarts: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.apiError;
    },
  );
}
