/**
 * `modelarts notebook ssh-config` and `modelarts notebook ssh`: OpenSSH access to a notebook with
 * its host key pinned first, so plain `ssh`, `scp`, `sftp` and VS Code Remote-SSH connect with
 * strict host key checking, across restarts, without ever editing ~/.ssh/known_hosts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { HostKeyError, type HostKeyDecider, type HostKeyQuestion, pinHostKeyForTarget, type PinResult } from '../../core/ssh/hostKeyScan';
import { knownHostsFile } from '../../core/ssh/knownHosts';
import {
  type HostBlock,
  hostBlockFor,
  renderHostBlock,
  updateSshConfigFile,
  upsertManagedHost,
  userSshConfigPath,
} from '../../core/ssh/sshConfig';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { type SshTarget, SshTargetError, sshTargetOf } from '../../core/ssh/target';
import { stringFlag, UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { formatJson } from '../output';
import { apiFor } from './common';
import { notebooks, resolveResource } from './resolve';

const hostKeyFlags = ['identity-file', 'accept-host-key'];

/** The notebook's target with its host key pinned, and its Host block. */
async function prepare(ctx: CommandContext): Promise<{ target: SshTarget; block: HostBlock; fingerprint: string }> {
  const api = await apiFor(ctx);
  const notebook = await resolveResource(notebooks, api, ctx.args[0] as string, ctx.signal);
  const siblings = await api.notebooks.listAll({ signal: ctx.signal });
  const identityFlag = stringFlag(ctx.flags, 'identity-file');
  const identityFile = identityFlag === undefined ? undefined : path.resolve(identityFlag);
  if (identityFile && !existsSync(identityFile)) throw new UsageError(`--identity-file ${identityFile} does not exist`);
  const target = targetOf(notebook, siblings, identityFile);
  if (!target.identityFile) {
    const names = target.keyPairNames.map((n) => `'${n}'`).join(', ') || '(none)';
    throw new Error(
      `this machine has no private key for key pair ${names} of notebook '${notebook.name}'; pass --identity-file FILE (the .pem saved when the key pair was made), or connect from the machine that made it`,
    );
  }
  const file = knownHostsFile();
  const offered: { fingerprint?: string } = {};
  let pinned: PinResult;
  try {
    pinned = await pinHostKeyForTarget(target, { signal: ctx.signal, knownHostsFile: file, decide: decider(ctx, target, offered) });
  } catch (err) {
    if (err instanceof HostKeyError && (err.problem === 'refused-new' || err.problem === 'refused-changed') && offered.fingerprint) {
      // Local mode vouches for its keys, so there the check is already done; in the cloud the user compares.
      const check = target.expectedFingerprint
        ? 'The platform reports this key for the notebook; to trust it'
        : "Once you have checked it (in the notebook's terminal: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)";
      throw new Error(`${err.message}\n  ${check}, rerun with --accept-host-key ${offered.fingerprint}`, { cause: err });
    }
    throw err;
  }
  if (pinned.outcome !== 'already-pinned')
    ctx.err(`modelarts: ${pinned.outcome} the host key of notebook '${target.notebookName}' (${pinned.fingerprint}) in ${file}\n`);
  return { target, block: hostBlockFor(target, { knownHostsFile: file }), fingerprint: pinned.fingerprint };
}

function targetOf(notebook: Notebook, siblings: readonly Notebook[], identityFile: string | undefined): SshTarget {
  try {
    return sshTargetOf(notebook, { siblings, ...(identityFile ? { identityFile } : {}) });
  } catch (err) {
    if (err instanceof SshTargetError && err.problem === 'not-running')
      throw new Error(`${err.message}\n  Start it with: modelarts notebook start ${notebook.id} --wait`, { cause: err });
    throw err;
  }
}

/**
 * `--accept-host-key FINGERPRINT` accepts exactly that key (scripts, CI); otherwise a terminal user
 * is asked as OpenSSH asks; with neither, nothing is trusted.
 */
function decider(ctx: CommandContext, target: SshTarget, offered: { fingerprint?: string }): HostKeyDecider {
  const accepted = stringFlag(ctx.flags, 'accept-host-key');
  return async (question) => {
    const fingerprint = question.kind === 'new' ? question.fingerprint : question.newFingerprint;
    offered.fingerprint = fingerprint;
    if (accepted !== undefined) {
      if (accepted === fingerprint) return true;
      ctx.err(`modelarts: the notebook offers host key ${fingerprint}, not the ${accepted} given with --accept-host-key\n`);
      return false;
    }
    if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
    return askYes(describeQuestion(question, target), ctx.signal);
  };
}

function describeQuestion(question: HostKeyQuestion, target: SshTarget): string {
  const where = `${target.host}:${target.port}`;
  if (question.kind === 'new') {
    return `The authenticity of notebook '${target.notebookName}' (${where}) can't be established.
Its host key fingerprint is ${question.fingerprint}.
Compare it with the key inside the notebook (its terminal: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).
Pin this key for the notebook? (yes/no) `;
  }
  return `WARNING: THE HOST KEY OF NOTEBOOK '${target.notebookName}' (${where}) HAS CHANGED.
Pinned: ${question.oldFingerprint}
Now:    ${question.newFingerprint}
A recreated notebook gets a new key; otherwise someone may be intercepting the connection.
Replace the pinned key? (yes/no) `;
}

function askYes(prompt: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const onAbort = () => rl.close();
    signal.addEventListener('abort', onAbort, { once: true });
    rl.on('close', () => resolve(false));
    rl.question(prompt, (answer) => {
      signal.removeEventListener('abort', onAbort);
      resolve(answer.trim().toLowerCase() === 'yes');
      rl.close();
    });
  });
}

const sshConfig: Command = {
  path: ['notebook', 'ssh-config'],
  usage: 'modelarts notebook ssh-config NAME_OR_ID [--write] [--identity-file FILE] [--accept-host-key SHA256:...]',
  summary: "pin a notebook's SSH host key and print its ssh config Host block (--write: put it in ~/.ssh/config)",
  positionals: [1, 1],
  flags: hostKeyFlags,
  booleanFlags: ['write'],
  async run(ctx) {
    const { target, block, fingerprint } = await prepare(ctx);
    const text = renderHostBlock(block);
    const configFile = ctx.flags.get('write') === true ? userSshConfigPath() : undefined;
    if (configFile) updateSshConfigFile(configFile, (current) => upsertManagedHost(current, block));
    if (ctx.output === 'json') {
      ctx.out(
        formatJson({
          host: target.hostAlias,
          hostname: target.host,
          port: target.port,
          user: target.user,
          host_key_alias: target.hostKeyAlias,
          host_key_fingerprint: fingerprint,
          known_hosts_file: knownHostsFile(),
          config: text,
          ...(configFile ? { config_file: configFile } : {}),
        }),
      );
    } else if (configFile) {
      ctx.out(`Host ${target.hostAlias} is in ${configFile}; connect with: ssh ${target.hostAlias}\n`);
    } else {
      ctx.out(text);
    }
    return 0;
  },
};

const ssh: Command = {
  path: ['notebook', 'ssh'],
  usage: 'modelarts notebook ssh NAME_OR_ID [--identity-file FILE] [--accept-host-key SHA256:...] [--] [COMMAND...]',
  summary: "open a shell on a notebook (or run COMMAND there) with the system ssh, host key pinned; exits with ssh's code",
  positionals: [1, Number.POSITIVE_INFINITY],
  flags: hostKeyFlags,
  async run(ctx) {
    const { block } = await prepare(ctx);
    // A config of its own: nothing in ~/.ssh/config can weaken the host key check for this run.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'modelarts-ssh-'));
    const file = path.join(dir, 'config');
    writeFileSync(file, renderHostBlock(block), { mode: 0o600 });
    try {
      // `--` before the host: ssh would otherwise read options out of the remote command (`ls -la`).
      return await runSsh(['-F', file, '--', block.alias, ...ctx.args.slice(1)], ctx.signal);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Runs the system ssh on this terminal and resolves with its exit code. */
function runSsh(args: string[], signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: 'inherit' });
    // Ctrl+C belongs to ssh (it reaches ssh too); this process waits for ssh's exit code.
    const ignoreInterrupt = () => undefined;
    process.on('SIGINT', ignoreInterrupt);
    const onAbort = () => child.kill('SIGTERM');
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      process.off('SIGINT', ignoreInterrupt);
      signal.removeEventListener('abort', onAbort);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      done();
      if (err.code === 'ENOENT') {
        reject(
          new Error(
            "OpenSSH's ssh command is not on PATH. Install the OpenSSH client (Debian/Ubuntu: apt install openssh-client; Windows: Settings > Optional features > OpenSSH Client) and try again.",
          ),
        );
      } else {
        reject(err);
      }
    });
    child.once('exit', (code, killedBy) => {
      done();
      resolve(code ?? 128 + (killedBy ? (os.constants.signals[killedBy] ?? 0) : 0));
    });
  });
}

export const notebookSshCommands: readonly Command[] = [sshConfig, ssh];
