/**
 * `npm start`: builds the extension and opens it in an editor.
 * - With desktop VS Code (`code` on the PATH): a new window with this folder as the development extension.
 * - Otherwise: code-server (real VS Code, fetched into .vscode-test on first use) on 127.0.0.1 with the
 *   packaged .vsix installed; prints the URL and runs until Ctrl+C. `PORT` picks the port. Its user
 *   data (settings, private keys, MODELARTS_CONFIG_DIR) is kept across restarts, see startDir.ts.
 *   `MODELARTS_VSIX` installs that .vsix instead of packaging one (the test tiers pass theirs).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../esbuild.mjs';
import { startCodeServer } from './codeServer';
import { codeServerInstalled } from './ensureTools';
import { packageVsix } from './packageVsix';
import { repoRoot } from './paths';
import { firstStartNotice, startUserDataDir } from './startDir';

function desktopCode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const where = found.stdout.trim();
  return found.status === 0 && where ? where : undefined;
}

async function main(): Promise<void> {
  const code = desktopCode();
  if (code) {
    await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
    console.log(`Opening VS Code (${code}) with the extension from ${repoRoot}`);
    spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error(`PORT must be a port number, not '${process.env.PORT}'`);
  if (!codeServerInstalled()) console.log(firstStartNotice());
  const file = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
  console.log('No desktop VS Code on the PATH: starting code-server with the packaged extension…');
  const userDataDir = startUserDataDir();
  const configDir = process.env.MODELARTS_CONFIG_DIR ?? path.join(userDataDir, 'modelarts-config');
  const server = await startCodeServer({ vsixes: [file], port, userDataDir, env: { MODELARTS_CONFIG_DIR: configDir } });
  console.log(
    `\nModelArts Toolkit is running in VS Code (code-server): open ${server.url}\n` +
      `Its settings and private keys are kept in ${userDataDir}, MODELARTS_CONFIG_DIR is ${configDir}:\n` +
      'both stay across Ctrl+C and restarts (MODELARTS_START_DIR picks another folder).\nPress Ctrl+C to stop.',
  );
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
