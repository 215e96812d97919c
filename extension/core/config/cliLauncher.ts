import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomicFile';

/** What a launcher runs: the bundled CLI with a given Node (the editor's own, in VS Code). */
export interface LauncherTarget {
  /** The Node executable: `process.execPath` of the extension host (Electron, or code-server's Node). */
  readonly nodePath: string;
  /** The bundled CLI, `dist/cli.js` of the installed extension. */
  readonly cliScript: string;
}

/** A POSIX shell word that stays one word whatever it holds: single quotes, each `'` written as `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `modelarts` launcher for sh-compatible shells. ELECTRON_RUN_AS_NODE makes VS Code's Electron
 * binary behave as plain Node; it is set for this one process only (never in the terminal's
 * environment, where it would break the `code` command and every other Electron app).
 */
export function shellLauncher(target: LauncherTarget): string {
  return [
    '#!/bin/sh',
    '# The ModelArts Toolkit CLI, with the Node that VS Code ships. Written by the extension on each start.',
    `ELECTRON_RUN_AS_NODE=1 exec ${shellQuote(target.nodePath)} ${shellQuote(target.cliScript)} "$@"`,
    '',
  ].join('\n');
}

/**
 * The `modelarts.cmd` launcher for cmd.exe and PowerShell. `setlocal` keeps ELECTRON_RUN_AS_NODE
 * out of the calling cmd session; `%` is doubled because cmd expands it even inside quotes
 * (Windows paths cannot hold `"`).
 */
export function cmdLauncher(target: LauncherTarget): string {
  const cmdQuote = (value: string) => `"${value.replace(/%/g, '%%')}"`;
  return [
    '@echo off',
    'rem The ModelArts Toolkit CLI, with the Node that VS Code ships. Written by the extension on each start.',
    'setlocal',
    'set ELECTRON_RUN_AS_NODE=1',
    `${cmdQuote(target.nodePath)} ${cmdQuote(target.cliScript)} %*`,
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}

/**
 * Writes both launchers into `dir` (created 0700), atomically so a terminal never runs a half-written
 * one, and only when they changed. Rewritten on every start because VS Code's path changes with
 * its updates and the extension's with its version. Returns the paths written.
 */
export function writeLaunchers(dir: string, target: LauncherTarget): { readonly sh: string; readonly cmd: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sh = path.join(dir, 'modelarts');
  const cmd = path.join(dir, 'modelarts.cmd');
  writeIfChanged(sh, shellLauncher(target), 0o755);
  writeIfChanged(cmd, cmdLauncher(target), 0o644);
  return { sh, cmd };
}

function writeIfChanged(file: string, text: string, mode: number): void {
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) writeFileAtomic(file, text, mode);
  // The mode of a file written before (or by an older version) is made right too.
  chmodSync(file, mode);
}
