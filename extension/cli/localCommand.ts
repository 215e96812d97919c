import path from 'node:path';
import { resolveDataDir } from '../local/dataDir';
import { daemonStatus, startDaemonDetached, stopDaemon } from '../local/lifecycle';
import { ExitCode } from './usage';

export const localUsage = `Usage: modelarts local <start|status|stop> [--data DIR] [--port N]

  start    start the local platform daemon (detached; does nothing if it already runs)
           and print {"endpoint","s3_endpoint","project_id","ak","sk","pid","data_dir"}
  status   print the same object, or exit 1 when no daemon runs
  stop     stop the daemon and everything it runs

The data dir defaults to ~/.modelarts-local, or MODELARTS_LOCAL_HOME when set.
`;

/** `modelarts local …`: exit code out, JSON on stdout, messages on stderr. */
export async function runLocalCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || rest.includes('--help') || rest.includes('-h')) {
    (verb === undefined ? err : out)(localUsage);
    return verb === undefined ? ExitCode.usageError : ExitCode.ok;
  }
  let dataFlag: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = rest[i + 1];
    if (arg === '--data' && value) {
      dataFlag = value;
      i++;
    } else if (arg === '--port' && value && verb === 'start') {
      port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        err(`modelarts local: --port takes a number from 1 to 65535, not '${value}'\n`);
        return ExitCode.usageError;
      }
      i++;
    } else {
      err(`modelarts local: unexpected argument '${arg ?? ''}'\n\n${localUsage}`);
      return ExitCode.usageError;
    }
  }
  const dataDir = resolveDataDir(dataFlag);
  switch (verb) {
    case 'start': {
      const discovery = await startDaemonDetached({ dataDir, port, daemonScript: path.join(__dirname, 'daemon.js') });
      out(`${JSON.stringify(discovery)}\n`);
      return ExitCode.ok;
    }
    case 'status': {
      const discovery = await daemonStatus(dataDir);
      if (!discovery) {
        err(`modelarts local: no daemon runs for ${dataDir}\n`);
        return ExitCode.apiError;
      }
      out(`${JSON.stringify(discovery)}\n`);
      return ExitCode.ok;
    }
    case 'stop': {
      const stopped = await stopDaemon(dataDir);
      err(stopped ? `modelarts local: stopped the daemon for ${dataDir}\n` : `modelarts local: no daemon was running for ${dataDir}\n`);
      return ExitCode.ok;
    }
    default:
      err(`${verb ? `modelarts local: unknown command '${verb}'\n\n` : ''}${localUsage}`);
      return ExitCode.usageError;
  }
}
