import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { execRemote } from '../../../core/ssh/exec';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { notebookFor, withSshProgress } from './common';

const t = vscode.l10n.t;

/**
 * Run Command in Notebook: runs one command through the built-in link and streams its output
 * into the notebook's output channel. Resolves with the exit code and the output, for scripts.
 */
export async function runCommand(
  services: Services,
  node?: NotebooksNode,
  /** The command line, for scripted use. */
  given?: string,
): Promise<{ code: number | undefined; output: string }> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, t('Run a command in which notebook?'));
  const command =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: t('Run in {0}', notebook.name),
          prompt: t('Command (runs in the notebook’s work folder)'),
          ignoreFocusOut: true,
        });
  if (!command) throw abortError();
  const channel = services.logChannels.open(t('Notebook: {0}', notebook.name));
  channel.show(true);
  channel.appendLine(`$ ${command}`);
  let output = '';
  const decoders = { out: new StringDecoder('utf8'), err: new StringDecoder('utf8') };
  const append = (decoder: StringDecoder) => (chunk: Buffer) => {
    const text = decoder.write(chunk);
    output += text;
    channel.append(text);
  };
  const result = await withSshProgress(t('Running in {0}: {1}', notebook.name, command), async (report, signal) => {
    const link = await services.bridge.acquire(platform, notebook, report, signal);
    try {
      report(t('Running…'));
      return await execRemote(link.connection, command, {
        signal,
        stdin: '',
        onStdout: append(decoders.out),
        onStderr: append(decoders.err),
      });
    } finally {
      services.bridge.release(notebook.id);
    }
  });
  channel.appendLine(result.signal ? t('[killed by signal {0}]', result.signal) : t('[exit code {0}]', String(result.code ?? '?')));
  return { code: result.code ?? undefined, output };
}
