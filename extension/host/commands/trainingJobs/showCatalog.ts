import * as vscode from 'vscode';
import { enginesYaml, flavorsYaml } from '../../../core/jobs/catalogText';
import type { Connection } from '../../platform/session';
import type { Services } from '../../services';

const t = vscode.l10n.t;

/** Read-only documents (`modelarts-catalog:/engines.yaml`): VS Code offers no edit or save for a provider's documents. */
const scheme = 'modelarts-catalog';

/** The documents' texts by path, set each time a command runs, so a document open in a tab is refreshed in place. */
class CatalogDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
  }
}

let documents: CatalogDocuments | undefined;

/** Registered on first use (most sessions never show them), disposed with the extension. */
function catalogDocuments(services: Services): CatalogDocuments {
  if (!documents) {
    const made = new CatalogDocuments();
    services.context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(scheme, made), {
      dispose: () => (documents = undefined),
    });
    documents = made;
  }
  return documents;
}

function where(connection: Connection): string {
  return connection.region ? `${connection.label} (${connection.region})` : connection.label;
}

async function show(services: Services, name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme, path: `/${name}` });
  catalogDocuments(services).set(uri, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

/** Show Training Engines: what a job spec's `algorithm.engine` may name on the connected platform, as YAML. */
export async function showTrainingEngines(services: Services): Promise<vscode.TextDocument> {
  const connection = services.session.require();
  const engines = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t('Listing training engines…') },
    () => connection.api.trainingJobs.engines(),
  );
  const header = [
    t('Training engines of {0} (in a terminal: modelarts job engines).', where(connection)),
    t('A job spec names one in algorithm.engine with its engine_name and engine_version.'),
  ].join('\n');
  return show(services, 'engines.yaml', enginesYaml(header, engines));
}

/** Show Training Flavors: what a job spec's `spec.resource.flavor_id` may name on the connected platform, as YAML. */
export async function showTrainingFlavors(services: Services): Promise<vscode.TextDocument> {
  const connection = services.session.require();
  const flavors = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t('Listing training flavors…') },
    () => connection.api.trainingJobs.flavors(),
  );
  const header = [
    t('Training flavors of {0} (in a terminal: modelarts job flavors).', where(connection)),
    t('A job spec names one in spec.resource.flavor_id.'),
  ].join('\n');
  return show(services, 'flavors.yaml', flavorsYaml(header, flavors));
}
