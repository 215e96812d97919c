import * as vscode from 'vscode';
import type { FileLocation } from '../core/util/fileLocation';

/** Opens the file with the cursor at the place (a spec error's line and column). */
export async function openLocation(at: FileLocation): Promise<void> {
  const position = new vscode.Position(Math.max(0, at.line - 1), Math.max(0, at.column - 1));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(at.file));
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}
