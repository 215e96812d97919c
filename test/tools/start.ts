/**
 * `npm start`: builds the extension and opens it in an editor.
 * - With desktop VS Code (`code` on the PATH): a new window with this folder as the development extension.
 * - Otherwise: code-server (real VS Code, fetched into .vscode-test on first use) on 127.0.0.1 with the
 *   packaged .vsix installed; prints the URL and runs until Ctrl+C. `PORT` picks the port.
 */
import { spawn, spawnSync } from 'node:child_process';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../esbuild.mjs';
import { startCodeServer } from './codeServer';
import { packageVsix } from './packageVsix';
import { repoRoot } from './paths';

function desktopCode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

async function main(): Promise<void> {
  const code = desktopCode();
  if (code) {
    await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
    console.log(`Opening VS Code (${code}) with the extension from ${repoRoot}`);
    spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const { file } = await packageVsix();
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error(`PORT must be a port number, not '${process.env.PORT}'`);
  console.log('No desktop VS Code on the PATH: starting code-server with the packaged extension…');
  const server = await startCodeServer({ vsixes: [file], port });
  console.log(`\nModelArts Toolkit is running in VS Code (code-server): open ${server.url}\nPress Ctrl+C to stop.`);
  const stop = () => {
    console.log('\nStopping code-server…');
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise<never>(() => undefined);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
