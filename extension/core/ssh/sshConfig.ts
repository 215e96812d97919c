/**
 * The toolkit's entries in OpenSSH's config: the Host block of one notebook, and an editor for
 * the one section of `~/.ssh/config` the toolkit owns.
 *
 * Where the section goes: at the very top of the file. OpenSSH keeps the first value it reads for
 * each option, so a section at the end would lose to any `Host *` above it, including the
 * `StrictHostKeyChecking no` / `UserKnownHostsFile /dev/null` the old ModelArts FAQ told people to
 * add. Being first, our values win for our hosts, also over a user's own block for the same Host
 * name (options we do not set still come from the user's blocks). The section ends with
 * `Match all`, because OpenSSH has no "end of Host block": without it the user's top-level lines
 * that follow (global options, `Include`) would become part of our last Host block. After
 * `Match all` they apply to every host again, as before.
 *
 * Everything outside the markers is kept byte for byte: comments, `Include`, `Match`, indentation,
 * CRLF, a missing final newline; removing the last host removes the section and gives back the
 * original bytes. A section the user moved elsewhere stays where they put it.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig, { type Directive, type Line, LineType, type Section } from 'ssh-config';
import { writeFileAtomic } from '../util/atomicFile';
import type { SshTarget } from './target';

export const MANAGED_START = '# >>> ModelArts Toolkit (managed) >>>';
export const MANAGED_END = '# <<< ModelArts Toolkit (managed) <<<';

const PREAMBLE = [
  '# Written by ModelArts Toolkit (the editor, or `modelarts notebook ssh-config --write`); edits here are overwritten.',
  '# It stays first in the file because OpenSSH uses the first value it reads for each option.',
];
const TRAILER = ['# Back to options for every host, so the lines after this section mean what they meant before.', 'Match all'];
const ownComments = new Set([...PREAMBLE, ...TRAILER.slice(0, -1)]);

/** One `Host` entry: its name and its options in order. */
export interface HostBlock {
  readonly alias: string;
  /** A comment under the Host line, e.g. which notebook this is. */
  readonly comment?: string;
  readonly options: readonly (readonly [string, string])[];
}

export interface HostBlockOptions {
  /** The toolkit's own known_hosts (see knownHosts.ts). */
  readonly knownHostsFile: string;
  /** Default 30: a notebook behind a slow gateway still gets through, a dead one fails soon enough. */
  readonly connectTimeoutSeconds?: number;
}

/** A problem with the file that the user has to fix by hand; nothing was changed. */
export class SshConfigEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshConfigEditError';
  }
}

/**
 * The Host block of a notebook. Strict host key checking against our own pinned known_hosts
 * (never `no` or `accept-new`); HostKeyAlias keeps the pin valid when the port changes; keepalives
 * stop firewalls from dropping an idle session (a top ModelArts FAQ entry).
 */
export function hostBlockFor(target: SshTarget, options: HostBlockOptions): HostBlock {
  const identity: [string, string][] = target.identityFile
    ? [
        ['IdentityFile', configPath(target.identityFile)],
        ['IdentitiesOnly', 'yes'],
      ]
    : [];
  return {
    alias: target.hostAlias,
    comment: `ModelArts notebook ${target.notebookName} (${target.notebookId})`,
    options: [
      ['HostName', target.host],
      ['Port', String(target.port)],
      ['User', target.user],
      ...identity,
      ['HostKeyAlias', target.hostKeyAlias],
      ['UserKnownHostsFile', configPath(options.knownHostsFile)],
      ['StrictHostKeyChecking', 'yes'],
      // Notebooks of one region share a gateway address; an IP entry per port would only add noise.
      ['CheckHostIP', 'no'],
      ['ServerAliveInterval', '15'],
      ['ServerAliveCountMax', '4'],
      ['ConnectTimeout', String(options.connectTimeoutSeconds ?? 30)],
    ],
  };
}

/**
 * A file path as ssh config needs it: `%` doubled (IdentityFile and UserKnownHostsFile expand
 * `%` tokens), forward slashes on Windows (OpenSSH treats some backslash pairs as escapes).
 */
export function configPath(file: string): string {
  const slashed = path.sep === '\\' ? file.split('\\').join('/') : file;
  return slashed.split('%').join('%%');
}

/** The block as text (`Host alias`, then two-space indented options), each line ending in `eol`. */
export function renderHostBlock(block: HostBlock, eol = '\n'): string {
  const body = new SSHConfig();
  if (block.comment) body.push({ type: LineType.COMMENT, content: `# ${oneLine(block.comment)}`, before: '  ', after: eol });
  for (const [param, value] of block.options) {
    checkValue(param, value);
    const directive: Directive = {
      type: LineType.DIRECTIVE,
      param,
      separator: ' ',
      value,
      before: '  ',
      after: eol,
      ...(/\s/.test(value) ? { quoted: true } : {}),
    };
    body.push(directive);
  }
  checkValue('Host', block.alias);
  const section: Section = {
    type: LineType.DIRECTIVE,
    param: 'Host',
    separator: ' ',
    value: block.alias,
    before: '',
    after: eol,
    config: body,
  };
  const root = new SSHConfig();
  root.push(section);
  return SSHConfig.stringify(root);
}

function checkValue(param: string, value: string): void {
  // A quote or a line break would end the value early and let the rest be read as more options.
  if (value === '' || value.includes('"') || [...value].some((c) => c < ' ')) {
    throw new SshConfigEditError(
      `Cannot write ${param} '${oneLine(value)}' into ssh config: it is empty or holds a quote or a control character.`,
    );
  }
  if (param === 'Host' && /\s/.test(value)) throw new SshConfigEditError(`'${value}' cannot be a Host name: it holds a space.`);
}

function oneLine(text: string): string {
  return [...text].map((c) => (c < ' ' ? ' ' : c)).join('');
}

// ---- the managed section -------------------------------------------------------------------

interface TextLine {
  readonly text: string;
  /** '\n', '\r\n', or '' for a last line without a newline. */
  readonly eol: string;
}

type LineKind = { kind: 'start' | 'end' | 'match' | 'other' } | { kind: 'host'; alias: string };

interface ManagedBlock {
  readonly alias: string;
  readonly lines: string[];
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly blocks: ManagedBlock[];
}

/**
 * Adds the block to the toolkit's section, or replaces the block with the same Host name there.
 * With no section yet, the section is put at the top of the file; nothing else changes.
 */
export function upsertManagedHost(configText: string, block: HostBlock): string {
  const { bom, lines, eol } = splitLines(configText);
  const region = findRegion(lines);
  const rendered = renderHostBlock(block, '\n').split('\n').slice(0, -1);
  if (!region) return bom + renderRegion([{ alias: block.alias, lines: rendered }], eol) + joinLines(lines);
  const blocks = region.blocks.slice();
  const at = blocks.findIndex((b) => b.alias === block.alias);
  if (at >= 0) blocks[at] = { alias: block.alias, lines: rendered };
  else blocks.push({ alias: block.alias, lines: rendered });
  return bom + joinLines(lines.slice(0, region.start)) + renderRegion(blocks, eol) + joinLines(lines.slice(region.end + 1));
}

/**
 * Removes the block with this Host name from the toolkit's section; the section goes with its
 * last block, which restores the file's bytes from before the first upsert. Unknown names change nothing.
 */
export function removeManagedHost(configText: string, alias: string): string {
  const { bom, lines, eol } = splitLines(configText);
  const region = findRegion(lines);
  if (!region || !region.blocks.some((b) => b.alias === alias)) return configText;
  const rest = region.blocks.filter((b) => b.alias !== alias);
  const middle = rest.length > 0 ? renderRegion(rest, eol) : '';
  return bom + joinLines(lines.slice(0, region.start)) + middle + joinLines(lines.slice(region.end + 1));
}

/** The Host names in the toolkit's section, in file order. */
export function managedHostAliases(configText: string): string[] {
  return findRegion(splitLines(configText).lines)?.blocks.map((b) => b.alias) ?? [];
}

function renderRegion(blocks: readonly ManagedBlock[], eol: string): string {
  const out: string[] = [MANAGED_START, ...PREAMBLE];
  for (const block of blocks) out.push(...block.lines, '');
  out.push(...TRAILER, MANAGED_END);
  return out.map((line) => line + eol).join('');
}

function splitLines(text: string): { bom: string; lines: TextLine[]; eol: string } {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines: TextLine[] = [];
  let from = 0;
  while (from < body.length) {
    const nl = body.indexOf('\n', from);
    if (nl < 0) {
      lines.push({ text: body.slice(from), eol: '' });
      break;
    }
    const crlf = nl > from && body[nl - 1] === '\r';
    lines.push({ text: body.slice(from, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    from = nl + 1;
  }
  return { bom, lines, eol };
}

function joinLines(lines: readonly TextLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** What one line is, read by the ssh-config parser (ssh config has no multi-line constructs). */
function classify(text: string): LineKind {
  let node: Line | undefined;
  try {
    node = SSHConfig.parse(text)[0];
  } catch {
    return { kind: 'other' };
  }
  if (!node) return { kind: 'other' };
  if (node.type === LineType.COMMENT)
    return { kind: node.content === MANAGED_START ? 'start' : node.content === MANAGED_END ? 'end' : 'other' };
  if (node.type !== LineType.DIRECTIVE) return { kind: 'other' };
  const param = node.param.toLowerCase();
  if (param === 'match') return { kind: 'match' };
  if (param !== 'host') return { kind: 'other' };
  const alias = typeof node.value === 'string' ? node.value : node.value.map((v) => v.val).join(' ');
  return { kind: 'host', alias };
}

function findRegion(lines: readonly TextLine[]): Region | undefined {
  const kinds = lines.map((l) => classify(l.text));
  const starts = kinds.flatMap((k, i) => (k.kind === 'start' ? [i] : []));
  const ends = kinds.flatMap((k, i) => (k.kind === 'end' ? [i] : []));
  if (starts.length === 0 && ends.length === 0) return undefined;
  const [start] = starts;
  const [end] = ends;
  if (starts.length !== 1 || ends.length !== 1 || start === undefined || end === undefined || end < start) {
    const where = [...starts, ...ends].map((i) => i + 1).join(', ');
    throw new SshConfigEditError(
      `The ModelArts Toolkit section of the ssh config is broken (marker lines ${where}): it needs exactly one '${MANAGED_START}' line before one '${MANAGED_END}' line. Delete the section (or the stray marker) and try again.`,
    );
  }
  const blocks: ManagedBlock[] = [];
  let current: ManagedBlock | undefined;
  for (let i = start + 1; i < end; i++) {
    const kind = kinds[i] as LineKind;
    const text = (lines[i] as TextLine).text;
    if (ownComments.has(text.trim())) continue; // rendered afresh
    if (kind.kind === 'host') {
      current = { alias: kind.alias, lines: [text] };
      blocks.push(current);
    } else if (kind.kind === 'match') {
      current = undefined; // our trailer; rendered afresh
    } else if (current) {
      current.lines.push(text);
    }
  }
  for (const block of blocks) {
    while (block.lines.length > 1 && (block.lines[block.lines.length - 1] as string).trim() === '') block.lines.pop();
  }
  return { start, end, blocks };
}

// ---- the file ------------------------------------------------------------------------------

/** `~/.ssh/config` of the user OpenSSH runs as (HOME on Unix, USERPROFILE on Windows). */
export function userSshConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || os.homedir();
  return path.join(home, '.ssh', 'config');
}

/** The file's text, or '' when it does not exist. */
export function readSshConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Writes atomically. A new file is 0600 in a 0700 dir (OpenSSH refuses configs others can write);
 * an existing file keeps its mode, and a symlinked config (dotfile managers) is written through.
 */
export function writeSshConfigFile(file: string, text: string): void {
  const target = resolveSymlink(file);
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const mode = existsSync(target) ? statSync(target).mode & 0o777 : 0o600;
  writeFileAtomic(target, text, mode);
  // The temp file was created through the umask; give the file exactly the mode it had.
  chmodSync(target, mode);
}

/** Reads, edits and writes back when the text changed; returns whether it did. */
export function updateSshConfigFile(file: string, edit: (text: string) => string): boolean {
  const before = readSshConfigFile(file);
  const after = edit(before);
  if (after === before) return false;
  writeSshConfigFile(file, after);
  return true;
}

function resolveSymlink(file: string): string {
  let isLink: boolean;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch {
    return file;
  }
  if (!isLink) return file;
  try {
    return realpathSync(file);
  } catch {
    throw new SshConfigEditError(`${file} is a symlink to a missing file; fix the link (or remove it) and try again.`);
  }
}
