/**
 * The daemon process's last line of defence. Background work goes through BackgroundWork, which
 * catches and records its failures; these handlers are for what slips past it.
 *
 * - An unhandled rejection is logged and the daemon keeps serving. A rejected promise is one
 *   piece of asynchronous work that failed; nothing else was interrupted half-way, and every
 *   acknowledged change is already on disk (state writes are atomic before a request is
 *   answered), so the process is as consistent as before. Ending it would stop every notebook.
 * - An uncaught exception ends the daemon in order: a synchronous throw that reached the top may
 *   have left in-memory state half-updated, and Node does not promise a process that can go on
 *   safely after one. The state on disk is whole; `stop` closes the server and removes the
 *   discovery file, and the next start adopts the training jobs that still run and brings the
 *   notebooks back.
 */
export function installProcessGuards(log: (line: string) => void, stop: () => Promise<void>): void {
  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection, still serving: ${describe(reason)}`);
  });
  let stopping = false;
  process.on('uncaughtException', (err) => {
    log(`uncaught exception, stopping: ${describe(err)}`);
    if (stopping) return;
    stopping = true;
    // A stop that hangs must not keep a broken process alive.
    setTimeout(() => process.exit(70), 10_000).unref();
    stop().then(
      () => process.exit(70),
      () => process.exit(70),
    );
  });
}

function describe(value: unknown): string {
  return value instanceof Error ? (value.stack ?? value.message) : String(value);
}
