import * as vscode from 'vscode';
import { looksLikeJobSpec } from '../../core/jobs/specShape';
import type { PlatformSession } from '../platform/session';

const t = vscode.l10n.t;

/** Command ids of the spec CodeLens (each takes the spec's Uri; from the palette, the active editor's). */
export const SpecCommands = {
  runLocally: 'modelarts.specs.runLocally',
  submit: 'modelarts.specs.submit',
  validate: 'modelarts.specs.validate',
} as const;

/**
 * The CodeLens at the top of a job spec: Run Locally (local mode, whatever platform is active:
 * the same spec, code upload and environment variables, before paying for GPUs), Submit to the
 * active cloud profile (offered only when one is active: on local mode it is Run Locally), and
 * Validate. Which files are specs: see {@link looksLikeJobSpec}.
 */
export class SpecLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sessionChange: vscode.Disposable;

  constructor(private readonly session: PlatformSession) {
    // "Submit to ‹profile›" names the active platform.
    this.sessionChange = session.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!looksLikeJobSpec(document.fileName, document.getText())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string, tooltip: string) =>
      new vscode.CodeLens(top, { title, command, tooltip, arguments: [document.uri] });
    const lenses = [
      lens(
        t('$(play) Run Locally'),
        SpecCommands.runLocally,
        t('Run this job on this machine in local mode: same spec, code and environment variables'),
      ),
    ];
    const current = this.session.current();
    if (current?.kind === 'cloud')
      lenses.push(
        lens(
          t('$(cloud-upload) Submit to {0}', current.label),
          SpecCommands.submit,
          t('Submit this job to cloud profile {0}', current.label),
        ),
      );
    lenses.push(lens(t('$(check) Validate'), SpecCommands.validate, t('Check this spec against the platform without uploading anything')));
    return lenses;
  }

  dispose(): void {
    this.sessionChange.dispose();
    this.changed.dispose();
  }
}

/** Lenses for YAML files on disk (a spec's code_dir is relative to its file). */
export const specDocuments: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { pattern: '**/*.{yaml,yml}', scheme: 'file' },
];
