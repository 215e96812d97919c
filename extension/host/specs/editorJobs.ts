import * as vscode from 'vscode';
import { JobEndWatcher } from '../flows/jobEnded';
import type { Services } from '../services';
import { submitSpec } from '../commands/trainingJobs/submitJob';
import type { TrainingJob } from '../../core/api/resources/trainingJobTypes';
import type { LocalMode } from '../localMode';
import type { CloudProfiles } from '../platform/cloudProfiles';
import type { Connection, PlatformSession } from '../platform/session';
import { type SpecTarget, SpecTargets } from './specTargets';

/**
 * Jobs from the editor: where specs are sent (local mode beside the active platform), the
 * watch that says when each job ends, and the problems Validate found, by spec file. Built once
 * in main.ts; the spec CodeLens, its commands and the modelarts task type use it.
 */
export class EditorJobs implements vscode.Disposable {
  readonly targets: SpecTargets;
  readonly problems = vscode.languages.createDiagnosticCollection('modelarts-spec-check');
  private ended: JobEndWatcher | undefined;
  private readonly edits: vscode.Disposable;

  constructor(session: PlatformSession, localMode: LocalMode, profiles: CloudProfiles) {
    this.targets = new SpecTargets(session, localMode, profiles);
    // A problem Validate found is of the text it read: an edit makes it stale.
    this.edits = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.problems.delete(e.document.uri);
    });
  }

  /** The watcher's buttons need the whole Services, which hold this object: it is made on first use. */
  watcher(services: Services): JobEndWatcher {
    this.ended ??= new JobEndWatcher(services);
    return this.ended;
  }

  /** Submits FILE to TARGET under a progress notification, and watches the job until it ends. */
  async submit(services: Services, file: string, target: SpecTarget): Promise<TrainingJob> {
    const connection = await this.targets.connect(target);
    const job = await submitSpec(services, file, connection);
    this.watch(services, connection, file, target, job);
    return job;
  }

  /** Watches a job submitted from the editor; Resubmit sends the spec file again (as it is now) to the same target. */
  watch(services: Services, connection: Connection, file: string, target: SpecTarget, job: TrainingJob): void {
    this.watcher(services).watch(connection, job, () => this.submit(services, file, target));
  }

  dispose(): void {
    this.ended?.dispose();
    this.edits.dispose();
    this.problems.dispose();
    this.targets.dispose();
  }
}
