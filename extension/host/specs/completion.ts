import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { type SpecCursor, specCursorAt } from '../../core/jobs/specCursor';
import type { PlatformSession } from '../platform/session';
import type { PlatformLists } from './platformLists';

const t = vscode.l10n.t;

/** The fields that hold a storage path (`obs://bucket/dir/`). */
const storageFields = new Set(['code_dir', 'obs_url', 'pfs_path', 'obs_path']);

/**
 * Completion in job specs of what only the connected platform knows: flavor ids, engine names,
 * versions and ids, custom image names, and storage paths (buckets, then folders, as `obs://`).
 * The schema's field names and fixed values are the YAML extension's to offer.
 */
export class SpecCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly session: PlatformSession,
    private readonly lists: PlatformLists,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const text = document.getText();
    const cursor = specCursorAt(text, document.offsetAt(position));
    const connection = this.session.current();
    const catalog = this.lists.catalog();
    if (!cursor || !connection || !catalog) return [];
    const range = new vscode.Range(document.positionAt(cursor.start), document.positionAt(Math.max(cursor.end, cursor.start)));
    const item = (label: string, kind: vscode.CompletionItemKind, detail?: string) => {
      const made = new vscode.CompletionItem(label, kind);
      made.range = range;
      if (detail) made.detail = detail;
      return made;
    };
    const field = cursor.field.join('.');
    if (field === 'spec.resource.flavor_id')
      return (await catalog.flavors()).map((f) => item(f.flavor_id, vscode.CompletionItemKind.Value, f.flavor_name));
    if (field === 'algorithm.engine.engine_name')
      return [...new Set((await catalog.engines()).map((e) => e.engine_name))].map((n) => item(n, vscode.CompletionItemKind.Value));
    if (field === 'algorithm.engine.engine_version') {
      const name = parseDocument(text).getIn(['algorithm', 'engine', 'engine_name']);
      const engines = (await catalog.engines()).filter(
        (e) => typeof name !== 'string' || e.engine_name.toLowerCase() === name.toLowerCase(),
      );
      return engines.map((e) => item(e.engine_version, vscode.CompletionItemKind.Value, e.engine_name));
    }
    if (field === 'algorithm.engine.engine_id')
      return (await catalog.engines()).map((e) =>
        item(e.engine_id, vscode.CompletionItemKind.Value, `${e.engine_name} ${e.engine_version}`),
      );
    if (field === 'algorithm.engine.image_url') {
      const images = await connection.api.images.listAll({ workspaceId: connection.workspaceId });
      return images.map((i) => item(`${i.namespace}/${i.name}:${i.tag}`, vscode.CompletionItemKind.Value, i.description));
    }
    const last = cursor.field[cursor.field.length - 1];
    if (typeof last === 'string' && storageFields.has(last)) return this.storagePaths(cursor, item);
    return [];
  }

  /** Buckets until one is typed, then the folders of the typed folder. */
  private async storagePaths(
    cursor: SpecCursor,
    item: (label: string, kind: vscode.CompletionItemKind, detail?: string) => vscode.CompletionItem,
  ): Promise<vscode.CompletionItem[]> {
    const storage = this.session.current()?.storage;
    if (!storage) return [];
    const typed = /^obs:\/\/([^/]+)\/(.*)$/.exec(cursor.typed);
    if (!typed?.[1]) {
      const buckets = await storage.listBuckets();
      return buckets.map((b) => item(`obs://${b.name}/`, vscode.CompletionItemKind.Folder, t('bucket')));
    }
    const [, bucket, rest = ''] = typed;
    const prefix = rest.slice(0, rest.lastIndexOf('/') + 1);
    const page = await storage.list({ bucket, prefix, delimiter: '/', pageSize: 200 });
    return page.folders.map((f) => item(`obs://${bucket}/${f}`, vscode.CompletionItemKind.Folder));
  }
}
