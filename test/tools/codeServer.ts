// Start/stop a throwaway code-server (real VS Code server + web workbench) and open it in headless chromium.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium, ensureCodeServer } from './ensureTools';

export interface CodeServerHandle {
  url: string; // workbench URL (opens `folder` when given)
  userDataDir: string;
  extensionsDir: string;
  logsDir: string; // <userDataDir>/logs/<timestamp>/... (exthost logs live under it)
  outputLog: string; // code-server's own stdout+stderr
  /** Kills the process tree; deletes a temp userDataDir unless keep (or env CODE_SERVER_KEEP=1, for debugging). */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

export interface StartOptions {
  vsixes: string[];
  env?: Record<string, string>; // extra env for code-server; it is inherited by the extension host
  folder?: string;
  logLevel?: string; // 'trace' | 'debug' | 'info' | ...
  settings?: Record<string, unknown>; // extra user settings
  port?: number; // fixed port on 127.0.0.1; a free one when absent
  locale?: string; // VS Code's display language (`--locale`), e.g. 'zh-cn'
  /**
   * A user-data dir that outlives the server (`npm start`): made when missing, kept by stop(), its
   * settings.json written only when missing so the user's own settings stay. Default: a fresh temp
   * dir that stop() deletes, so each test run starts clean.
   */
  userDataDir?: string;
}

/** Settings that keep a run quiet and deterministic. Workspace trust MUST be off or extensions stay disabled. */
export const defaultSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off', // not false: VS Code rewrites that to 'off' in settings.json at startup
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // empty chat side bar otherwise
};

const log = (msg: string) => process.stderr.write(`[codeServer] ${msg}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** All descendants of pid (code-server forks a child server, which forks extension hosts, pty hosts, ...). */
function descendants(pid: number): number[] {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const kids = new Map<number, number[]>();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p && pp !== undefined) kids.set(pp, [...(kids.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const walk = (p: number) =>
    (kids.get(p) ?? []).forEach((k) => {
      out.push(k);
      walk(k);
    });
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function killTree(pid: number): Promise<void> {
  const pids = [pid, ...descendants(pid)];
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* group already gone */
    }
    for (const p of pids)
      try {
        process.kill(p, sig);
      } catch {
        /* gone */
      }
  };
  signal('SIGTERM');
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  if (pids.some(alive)) signal('SIGKILL');
}

async function waitForHttp(url: string, timeoutMs: number, isDead: () => boolean, outputLog: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) throw new Error(`code-server exited early; output:\n${fs.readFileSync(outputLog, 'utf8').slice(-4000)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs}ms; output:\n${fs.readFileSync(outputLog, 'utf8').slice(-4000)}`);
}

/**
 * VS Code uses a display language only when a language pack for it is registered in the
 * user-data dir's languagepacks.json, which installing a pack from the command line does not
 * write, and the offline test machine cannot install one anyway. An empty pack is enough for
 * what the tests look at: the workbench itself stays English (its strings fall back), while
 * every extension, ours included, runs under the locale and shows its own translations.
 */
function registerLanguagePack(userDataDir: string, locale: string): void {
  const translations = path.join(userDataDir, 'language-pack', 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `test-${locale}`,
    extensions: [{ extensionIdentifier: { id: `modelarts-tests.language-pack-${locale}` }, version: '0.0.1' }],
    translations: { vscode: translations },
    label: locale,
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServerHandle> {
  const cs = await ensureCodeServer();
  const persistent = opts.userDataDir !== undefined;
  const userDataDir = opts.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cs-user-'));
  const extensionsDir = path.join(userDataDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!persistent || !fs.existsSync(settingsFile))
    fs.writeFileSync(settingsFile, JSON.stringify({ ...defaultSettings, ...opts.settings }, null, 2));
  // Own config file: otherwise code-server creates ~/.config/code-server/config.yaml with a password.
  const config = path.join(userDataDir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (opts.vsixes.length) {
    // --force: a kept user-data dir already has this version installed, and must get the new build of it.
    const args = [cs.entry, ...common, ...opts.vsixes.flatMap((v) => ['--install-extension', path.resolve(v)]), '--force'];
    const r = spawnSync(cs.node, args, { encoding: 'utf8' });
    // A failed install can still exit 0 (e.g. a folder path is taken as a gallery id): check the text too.
    if (r.status !== 0 || /Failed Installing|not found|Error/i.test(`${r.stdout}${r.stderr}`)) {
      throw new Error(`installing ${opts.vsixes.join(', ')} failed:\n${r.stdout}\n${r.stderr}`);
    }
  }

  if (opts.locale) registerLanguagePack(userDataDir, opts.locale);

  const port = opts.port ?? (await freePort());
  const outputLog = path.join(userDataDir, 'code-server-output.log');
  const out = fs.openSync(outputLog, 'w');
  const args = [
    cs.entry,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--log',
    opts.logLevel ?? 'info',
    ...(opts.locale ? ['--locale', opts.locale] : []),
  ];
  // detached: own process group, so stop() can kill the server and every process it forked.
  // The extension's ~/.modelarts (key pointers, pinned host keys) lives in the user-data dir, so
  // no test writes to the real one and each run starts clean; a caller's env may still set it.
  const env = { ...process.env, MODELARTS_CONFIG_DIR: path.join(userDataDir, 'modelarts-config'), ...opts.env };
  const child = spawn(cs.node, args, { env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const base = `http://127.0.0.1:${port}`;
  const stop = async (o: { keep?: boolean } = {}) => {
    if (child.pid) await killTree(child.pid);
    if (persistent) return;
    if (o.keep || process.env.CODE_SERVER_KEEP === '1') log(`kept ${userDataDir}`);
    else fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${base}/healthz`, 60_000, () => exited, outputLog);
  } catch (e) {
    await stop({ keep: true });
    throw e;
  }
  log(`code-server ${cs.version} at ${base} (user-data-dir ${userDataDir})`);
  const url = opts.folder ? `${base}/?folder=${encodeURIComponent(path.resolve(opts.folder))}` : `${base}/`;
  return { url, userDataDir, extensionsDir, logsDir: path.join(userDataDir, 'logs'), outputLog, stop };
}

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian chromium on the workbench. The extension host only starts once a client connects. */
export async function openWorkbench(
  url: string,
  opts: { timeoutMs?: number; viewport?: { width: number; height: number } } = {},
): Promise<Workbench> {
  const executablePath = await ensureChromium();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    // Clipboard permission, as a person's browser grants it: without it VS Code's clipboard
    // calls (Copy SSH Command, Copy OBS URL) wait forever in headless Chromium.
    const context = await browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: opts.timeoutMs ?? 60_000 });
    return { browser, page, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

export interface ActivationTiming {
  event: string; // activation event, e.g. "onCommand:foo.bar" or "onStartupFinished"
  activateAt: Date; // `_doActivateExtension` (info): activation requested, before code loading
  callAt?: Date; // `_callActivateOptional` (trace only): module loaded, activate() about to be called
  loadMs?: number; // callAt - activateAt: require() of main + context creation (activate() itself is not logged)
}

/**
 * Activation timing of `extensionId` from the remote extension host log
 * (<logsDir>/<session>/exthost<N>/remoteexthost.log). Needs logLevel 'trace' for callAt/loadMs. Lines:
 *   2026-11-28 15:56:56.998 [info] ExtensionService#_doActivateExtension mat-demo.cs-demo, startup: false, activationEvent: 'onCommand:csDemo.hello'
 *   2026-11-28 15:56:57.400 [trace] ExtensionService#_callActivateOptional mat-demo.cs-demo
 * The log has no "activate() finished" line; for codeLoading+activateCall as the UI shows it, see
 * runningExtensionsActivationMs().
 */
export function activationTimingFromLog(logsDir: string, extensionId: string): ActivationTiming | undefined {
  const logs: string[] = [];
  const walk = (d: string) =>
    fs.existsSync(d) &&
    fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'remoteexthost.log' || e.name === 'exthost.log') logs.push(p);
    });
  walk(logsDir);
  const ts = (s: string) => new Date(s.replace(' ', 'T')); // local time, as logged
  const id = extensionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = new RegExp(
    `^(\\S+ \\S+) \\[\\w+\\] ExtensionService#_doActivateExtension ${id}, startup: \\w+, activationEvent: '([^']*)'`,
    'im',
  );
  const call = new RegExp(`^(\\S+ \\S+) \\[\\w+\\] ExtensionService#_callActivateOptional ${id}$`, 'im');
  for (const f of logs.sort()) {
    const text = fs.readFileSync(f, 'utf8');
    const s = start.exec(text);
    if (!s) continue;
    const c = call.exec(text);
    const activateAt = ts(s[1] ?? '');
    const callAt = c ? ts(c[1] ?? '') : undefined;
    return { event: s[2] ?? '', activateAt, callAt, loadMs: callAt ? callAt.getTime() - activateAt.getTime() : undefined };
  }
  return undefined;
}

/**
 * Activation time as VS Code itself reports it (codeLoadingTime + activateCallTime, from the extension host's
 * own stopwatch), read from the "Developer: Show Running Extensions" editor. `name` = displayName (or id).
 */
export async function runningExtensionsActivationMs(page: Page, name: string): Promise<number | undefined> {
  // The list is virtualised (70px rows, slowest first): a tall viewport makes every row exist in the DOM.
  const size = page.viewportSize();
  await page.setViewportSize({ width: size?.width ?? 1280, height: 5000 });
  try {
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
    const label = row.locator('.activation-time');
    await label.filter({ hasText: /\d+ms/ }).waitFor({ timeout: 20_000 });
    const m = /(\d+)ms/.exec((await label.textContent()) ?? '');
    return m ? Number(m[1]) : undefined;
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

/**
 * Run a command through the command palette by its title (as shown in the palette). Retries: right after
 * load the palette may open before extension contributions are registered, and then never lists the command.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    // Fill (not type) once the box is there: keystrokes sent before the palette opens get lost.
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 3_000 });
      await input.press('Enter');
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw e;
    }
  }
}
