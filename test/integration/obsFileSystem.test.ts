import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localDiscovery } from './localApi';

/**
 * The obs:// file system in the real extension host, over the local daemon's S3 endpoint: an
 * object opened from the Storage view is edited and saved, and the daemon's storage (read here
 * with the AWS SDK, a client of its own) holds the new bytes and their SHA-256; a change made on
 * the platform between open and save is refused; folders list.
 */
describe('the obs:// file system (local mode)', function () {
  this.timeout(120_000);
  const bucket = 'it-obsfs';
  let s3: S3Client;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const stored = async (key: string): Promise<string | undefined> =>
    (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
  const uri = (key: string) => vscode.Uri.parse(`obs://${bucket}/${key}`);

  before(async () => {
    const discovery = await localDiscovery();
    s3 = new S3Client({
      endpoint: discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'code/train.py', Body: 'print("v1")\n', ContentType: 'text/x-python' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'code/conf/a.yaml', Body: 'a: 1\n' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'code/empty/', Body: '' }));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    s3?.destroy();
  });

  it('opens an object from the Storage view in an editor; a save writes it back, its SHA-256 recorded', async () => {
    const opened = await vscode.commands.executeCommand<string>('modelarts.storage.preview', {
      kind: 'object',
      bucket,
      key: 'code/train.py',
      size: 12,
    });
    assert.equal(opened, `obs://${bucket}/code/train.py`);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), opened);
    assert.equal(editor.document.getText(), 'print("v1")\n');
    assert.equal(editor.document.languageId, 'python');
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'print("v2")\n')), 'the editor takes the edit');
    assert.equal(await editor.document.save(), true, 'the save went through');
    assert.equal(editor.document.isDirty, false);
    assert.equal(await stored('code/train.py'), 'print("v1")\nprint("v2")\n');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'code/train.py' }));
    assert.equal(head.Metadata?.sha256, sha256('print("v1")\nprint("v2")\n'));
    assert.equal(head.ContentType, 'text/x-python', 'the object keeps its type');
  });

  it('refuses a save over a change made on the platform since the editor opened the object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'mine\n' }));
    const doc = await vscode.workspace.openTextDocument(uri('notes.txt'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(), 'mine\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), 'my edit\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'their change, made meanwhile\n' }));
    // VS Code's own check (the stat's mtime and size) stops the save and offers Compare / Overwrite.
    assert.equal(await doc.save(), false, 'the save is refused');
    assert.equal(doc.isDirty, true, 'the edit is kept in the editor');
    assert.equal(await stored('notes.txt'), 'their change, made meanwhile\n');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // The provider refuses by ETag too, for writers that do not stat first (workspace.fs), same size included.
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri('notes.txt'))), 'their change, made meanwhile\n');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'THEIR CHANGE, MADE MEANWHILE\n' }));
    await assert.rejects(
      async () => vscode.workspace.fs.writeFile(uri('notes.txt'), new TextEncoder().encode('overwrite\n')),
      (e: unknown) => {
        assert.ok(e instanceof vscode.FileSystemError, `a FileSystemError, not ${String(e)}`);
        assert.equal(e.code, 'Unavailable');
        assert.match(e.message, /changed on the platform since it was opened/);
        return true;
      },
    );
    assert.equal(await stored('notes.txt'), 'THEIR CHANGE, MADE MEANWHILE\n');
    // Once the new version has been seen (VS Code's Overwrite stats first), the write goes through.
    await vscode.workspace.fs.stat(uri('notes.txt'));
    await vscode.workspace.fs.writeFile(uri('notes.txt'), new TextEncoder().encode('overwrite\n'));
    assert.equal(await stored('notes.txt'), 'overwrite\n');
  });

  it('lists a folder, stats files and folders, and makes, renames and deletes objects and folders', async () => {
    const entries = await vscode.workspace.fs.readDirectory(uri('code'));
    assert.deepEqual(
      entries.sort(([a], [b]) => a.localeCompare(b)),
      [
        ['conf', vscode.FileType.Directory],
        ['empty', vscode.FileType.Directory],
        ['train.py', vscode.FileType.File],
      ],
    );
    assert.deepEqual(await vscode.workspace.fs.readDirectory(uri('code/empty')), [], 'a folder of only its marker is empty');
    const file = await vscode.workspace.fs.stat(uri('code/conf/a.yaml'));
    assert.equal(file.type, vscode.FileType.File);
    assert.equal(file.size, 5);
    assert.equal((await vscode.workspace.fs.stat(uri('code/conf'))).type, vscode.FileType.Directory);
    await assert.rejects(
      async () => vscode.workspace.fs.stat(uri('code/nothing.txt')),
      (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound',
    );

    await vscode.workspace.fs.createDirectory(uri('made'));
    assert.equal(await stored('made/'), '', 'a folder marker, as the Storage view makes');
    await vscode.workspace.fs.rename(uri('code/conf/a.yaml'), uri('made/b.yaml'));
    assert.equal(await stored('made/b.yaml'), 'a: 1\n');
    await assert.rejects(
      async () => vscode.workspace.fs.stat(uri('code/conf/a.yaml')),
      (e: unknown) => e instanceof vscode.FileSystemError,
    );
    await vscode.workspace.fs.delete(uri('made'), { recursive: true });
    await assert.rejects(
      async () => vscode.workspace.fs.stat(uri('made')),
      (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound',
    );
  });
});
