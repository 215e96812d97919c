// Where `npm start` keeps what a user makes in its editor, and what it says on a first start.
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_VERSION, INSTALL_MB } from './ensureTools';
import { cacheDir } from './paths';

/**
 * The user-data dir of `npm start`'s code-server: settings, the extension's storage (private keys
 * of key pairs made there) and MODELARTS_CONFIG_DIR (key pointers, pinned host keys). It lives in
 * the user's config dir, not in a temp dir that Ctrl+C deletes, nor in .vscode-test/, which people
 * delete to get its 800 MB back. MODELARTS_START_DIR picks another.
 */
export function startUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODELARTS_START_DIR) return path.resolve(env.MODELARTS_START_DIR);
  const config = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(config, 'modelarts-toolkit', 'npm-start');
}

/** Said before the first start installs code-server, so minutes of work do not look like a hang. */
export function firstStartNotice(): string {
  const mb = INSTALL_MB.node24 + INSTALL_MB.codeServer;
  return [
    `First start: installing code-server ${CODE_SERVER_VERSION} (a real VS Code) and Node 24 into ${cacheDir}.`,
    `It builds native modules: about 6 minutes and ${mb} MB, with a progress line every 20 seconds.`,
    'Later starts reuse it and take seconds.',
  ].join('\n');
}
