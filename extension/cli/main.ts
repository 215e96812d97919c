import { version } from '../../package.json';
import { ExitCode, usageText } from './usage';

/** Parses the command line and returns the exit code; output goes through the given writers. */
export function runCli(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(usageText);
    return first === undefined ? ExitCode.usageError : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    out(`${version}\n`);
    return ExitCode.ok;
  }
  err(`modelarts: unknown command or option '${first}'\n\n${usageText}`);
  return ExitCode.usageError;
}

if (require.main === module) {
  process.exitCode = runCli(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  );
}
