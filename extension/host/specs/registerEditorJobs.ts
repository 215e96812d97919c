import * as vscode from 'vscode';
import type { Services } from '../services';
import { JobTaskProvider, jobTaskType } from '../tasks/jobTasks';
import { SpecLensProvider, specDocuments } from './specLens';

/** The editor's ways to jobs besides commands: the CodeLens on spec files and the modelarts task type. */
export function registerEditorJobs(services: Services): vscode.Disposable[] {
  const lenses = new SpecLensProvider(services.session);
  return [
    lenses,
    vscode.languages.registerCodeLensProvider(specDocuments, lenses),
    vscode.tasks.registerTaskProvider(jobTaskType, new JobTaskProvider(services)),
  ];
}
