import { version } from '../../package.json';
import { runLocalCommand } from './localCommand';
import { ExitCode, usageText } from './usage';

/** Parses the command line and returns the exit code; output goes through the given writers. */
export async function runCli(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(usageText);
    return first === undefined ? ExitCode.usageError : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    out(`${version}\n`);
    return ExitCode.ok;
  }
  if (first === 'local') return runLocalCommand(argv.slice(1), out, err);
  err(`modelarts: unknown command or option '${first}'\n\n${usageText}`);
  return ExitCode.usageError;
}

if (require.main === module) {
  runCli(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`modelarts: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.apiError;
    },
  );
}
