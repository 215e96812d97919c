import * as vscode from 'vscode';
import type { PlatformSession } from '../platform/session';
import { SpecCompletion } from './completion';
import { SpecDiagnostics } from './diagnostics';
import { PlatformLists } from './platformLists';

/** The files the spec editor features apply to, as `yamlValidation` in package.json matches them. */
export const specDocuments: vscode.DocumentSelector = [{ language: 'yaml', pattern: '**/{job.yaml,job.yml,*.job.yaml,*.job.yml}' }];

/** Job spec editing: diagnostics in the Problems panel and completion from the connected platform. */
export function registerSpecEditor(session: PlatformSession, log: vscode.LogOutputChannel): vscode.Disposable {
  const lists = new PlatformLists(session);
  const diagnostics = new SpecDiagnostics(lists, session, log);
  const completion = vscode.languages.registerCompletionItemProvider(specDocuments, new SpecCompletion(session, lists), ':', ' ', '/');
  return vscode.Disposable.from(diagnostics, completion);
}
