import { appendFileSync } from 'node:fs';
import { startDaemon } from './daemon';
import { dataPaths, removeDiscovery, resolveDataDir, writeDiscovery } from './dataDir';
import { installProcessGuards } from './processGuards';

/**
 * Entry point of the local platform daemon (`dist/daemon.js`), started detached by
 * `modelarts local start` or the extension. It writes the discovery file once it serves, then
 * prints the same JSON on one line. Usage: node dist/daemon.js [--data DIR] [--port N]
 */
async function main(argv: readonly string[]): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = flag('--port') === undefined ? 0 : Number(flag('--port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('modelarts daemon: --port takes a number from 0 to 65535\n');
    process.exit(2);
  }
  const dataDir = resolveDataDir(flag('--data'));
  const logFile = dataPaths(dataDir).log;
  const log = (line: string) => {
    try {
      appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
    } catch {
      // The log is best effort; the daemon keeps serving without it.
    }
  };
  const daemon = await startDaemon({ dataDir, port, log });
  writeDiscovery(dataDir, daemon.discovery);
  process.stdout.write(`${JSON.stringify(daemon.discovery)}\n`);
  const close = async () => {
    removeDiscovery(dataDir, process.pid);
    await daemon.close();
  };
  installProcessGuards(log, close);
  const stop = () => {
    log('stopping');
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`modelarts daemon: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
