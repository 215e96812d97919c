import { startDaemonServer } from './server';

/**
 * Entry point of the local platform daemon (`dist/daemon.js`). It is started detached by the
 * extension or the CLI; it prints one JSON line with its endpoint once it listens, so the parent
 * can read it and go. Usage: node dist/daemon.js [--port N]
 */
async function main(argv: readonly string[]): Promise<void> {
  const portFlag = argv.indexOf('--port');
  const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('modelarts daemon: --port takes a number from 0 to 65535\n');
    process.exit(2);
  }
  const server = await startDaemonServer(port);
  process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, pid: process.pid })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`modelarts daemon: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
