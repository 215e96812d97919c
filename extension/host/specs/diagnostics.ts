import * as vscode from 'vscode';
import { jobSpecFromText } from '../../core/jobs/jobSpec';
import { jobSpecPlatformProblems } from '../../core/jobs/specCheck';
import { isJobSpecFileName } from '../../core/jobs/specCursor';
import type { JobSpecError } from '../../core/jobs/specError';
import { validateJobSpecText } from '../../core/jobs/specSchema';
import type { PlatformSession } from '../platform/session';
import type { PlatformLists } from './platformLists';

const t = vscode.l10n.t;

/** The Red Hat YAML extension: where it runs, it reports the schema's mistakes (and the YAML's) itself. */
export const yamlExtensionId = 'redhat.vscode-yaml';

/** Whether a document is a job spec the editor checks: a YAML file named as `job init` names it. */
export function isSpecDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' && isJobSpecFileName(document.fileName);
}

/**
 * Problems of open job specs in the Problems panel, as the text is typed. Without the YAML
 * extension: the YAML and the schema (the same check as `job submit`, so the editor never accepts
 * what the CLI refuses). With it, the schema's mistakes are its to show (twice would be noise),
 * and these show only what a schema cannot know: an engine or flavor the connected platform does
 * not have, and a boot file that would not be uploaded.
 */
export class SpecDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('modelarts-job-spec');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Each document's latest run, so an older answer of the platform never overwrites a newer one. */
  private readonly runs = new Map<string, number>();

  constructor(
    private readonly lists: PlatformLists,
    session: PlatformSession,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const ws = vscode.workspace;
    this.disposables.push(
      ws.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      ws.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      ws.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      ws.onDidCloseTextDocument((d) => this.forget(d)),
      session.onDidChange(() => this.checkAll()),
      vscode.extensions.onDidChange(() => this.checkAll()),
    );
    this.checkAll();
  }

  private checkAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isSpecDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.check(document).catch((err: unknown) => this.log.warn(`Could not check ${document.fileName}: ${String(err)}`));
      }, delayMs),
    );
  }

  private forget(document: vscode.TextDocument): void {
    clearTimeout(this.pending.get(document.uri.toString()));
    this.collection.delete(document.uri);
  }

  /** Checks one document now; resolves with the diagnostics it set. */
  async check(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const key = document.uri.toString();
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    const opts = {
      t,
      shown: vscode.workspace.asRelativePath(document.uri),
      language: vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en',
      surface: 'editor',
    } as const;
    const text = document.getText();
    const yamlExtension = vscode.extensions.getExtension(yamlExtensionId) !== undefined;
    const problems = validateJobSpecText(text, document.fileName, opts);
    let shown: JobSpecError[] = yamlExtension ? [] : problems;
    if (problems.length === 0) {
      this.collection.set(document.uri, []);
      const catalog = this.lists.catalog();
      if (catalog) {
        try {
          const spec = jobSpecFromText(text, document.fileName, opts);
          // The code folder is listed only for the saved file: that is what would go up.
          shown = await jobSpecPlatformProblems(spec, catalog, { ...opts, withCode: !document.isDirty && document.uri.scheme === 'file' });
        } catch (err) {
          // A local code_dir that is a file is a spec's problem too; the platform not answering is not.
          if (err instanceof Error && err.name === 'JobSpecError') shown = [err];
          else this.log.info(`Job spec ${document.fileName}: the platform's lists are not available (${String(err)}).`);
        }
      }
    }
    if (this.runs.get(key) !== run || document.isClosed) return [];
    const diagnostics = shown.map((p) => toDiagnostic(document, p));
    this.collection.set(document.uri, diagnostics);
    return diagnostics;
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(document: vscode.TextDocument, problem: JobSpecError): vscode.Diagnostic {
  const at = problem.location;
  const start = new vscode.Position(Math.max(0, (at?.line ?? 1) - 1), Math.max(0, (at?.column ?? 1) - 1));
  const end = problem.end
    ? new vscode.Position(problem.end.line - 1, problem.end.column - 1)
    : (document.getWordRangeAtPosition(start)?.end ?? document.lineAt(start.line).range.end);
  // The Problems panel shows the place: the message need not start with it.
  const message = problem.message.replace(/^.*?:\d+:\d+: /, '');
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'ModelArts';
  return diagnostic;
}
