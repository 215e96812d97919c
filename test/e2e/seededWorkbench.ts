import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { modelArtsEntry } from './sidebar';
import { resolveDataDir, type Discovery } from '../../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../../extension/local/lifecycle';
import { type Seeded, seedPlatform } from '../helpers/seedPlatform';
import { openWorkbench, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';

/** Where every e2e file leaves its screenshots. */
export const screenshots = path.join(repoRoot, 'test-results', 'e2e');

/** code-server in headless Chromium over a seeded local daemon, with the ModelArts container open. */
export interface SeededWorkbench {
  readonly page: Page;
  readonly server: CodeServerHandle;
  readonly seeded: Seeded;
  /** The daemon's discovery file as it started (endpoints, AK/SK, project id). */
  readonly discovery: Discovery;
  /** MODELARTS_LOCAL_HOME of the daemon and the extension. */
  readonly localHome: string;
  close(): Promise<void>;
}

/**
 * The setup of views.test.ts as one call: the daemon is started and seeded first (one of
 * everything, see seedPlatform), then code-server with the packaged extension finds it through
 * MODELARTS_LOCAL_HOME. `close` stops the browser, code-server and the daemon (which outlives the
 * editor by design) and removes the data dir.
 */
export async function openSeededWorkbench(opts: {
  prefix: string;
  viewport?: { width: number; height: number };
  /** VS Code's display language, e.g. 'zh-cn' (see startCodeServer). */
  locale?: string;
}): Promise<SeededWorkbench> {
  mkdirSync(screenshots, { recursive: true });
  const localHome = mkdtempSync(path.join(os.tmpdir(), opts.prefix));
  let server: CodeServerHandle | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  const close = async () => {
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  };
  try {
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    const discovery = await startDaemonDetached({
      dataDir: resolveDataDir(localHome),
      daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
    });
    const seeded = await seedPlatform(discovery);
    server = await startCodeServer({
      vsixes: [vsix],
      env: { MODELARTS_LOCAL_HOME: localHome },
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
    const workbench = await openWorkbench(server.url, { viewport: opts.viewport ?? { width: 1280, height: 1400 } });
    closeBrowser = workbench.close;
    await modelArtsEntry(workbench.page).click({ timeout: 60_000 });
    return { page: workbench.page, server, seeded, discovery, localHome, close };
  } catch (err) {
    await close();
    throw err;
  }
}
