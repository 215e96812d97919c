import assert from 'node:assert/strict';
import {
  autoStopHours,
  hoursFromNowLabel,
  hoursLabel,
  keyPairNameProblem,
  notebookNameProblem,
  workspaceNameProblem,
} from '../../../extension/host/flows/validation';
import { targetPrefix } from '../../../extension/host/views/storage/describe';

const t = (m: string) => m;

describe('host/flows: validation of the create flows', () => {
  it('notebook names: required, at most 128 letters, digits, - and _', () => {
    assert.equal(notebookNameProblem('dev-pytorch_2', t), undefined);
    assert.match(notebookNameProblem('', t) ?? '', /Enter a name/);
    assert.match(notebookNameProblem('a b', t) ?? '', /letters, digits/);
    assert.match(notebookNameProblem('../x', t) ?? '', /letters, digits/);
    assert.match(notebookNameProblem('x'.repeat(129), t) ?? '', /128/);
  });

  it('key pair names: 1 to 64 letters, digits, - and _', () => {
    assert.equal(keyPairNameProblem('laptop-key', t), undefined);
    assert.ok(keyPairNameProblem('bad/name', t));
    assert.ok(keyPairNameProblem('x'.repeat(65), t));
  });

  it('workspace names: 4 to 64 letters of any script, digits, - and _; default is reserved', () => {
    assert.equal(workspaceNameProblem('视觉团队-01', t), undefined);
    assert.match(workspaceNameProblem('default', t) ?? '', /reserved/);
    assert.ok(workspaceNameProblem('abc', t));
    assert.ok(workspaceNameProblem('a/b/c/d', t));
  });

  it('storage uploads land in the bucket root, the folder, or the object’s folder', () => {
    assert.deepEqual(targetPrefix({ kind: 'bucket', bucket: 'b' }), { bucket: 'b', prefix: '' });
    assert.deepEqual(targetPrefix({ kind: 'folder', bucket: 'b', prefix: 'data/x/' }), { bucket: 'b', prefix: 'data/x/' });
    assert.deepEqual(targetPrefix({ kind: 'object', bucket: 'b', key: 'data/x/a.bin', size: 1 }), { bucket: 'b', prefix: 'data/x/' });
    assert.deepEqual(targetPrefix({ kind: 'object', bucket: 'b', key: 'top.bin', size: 1 }), { bucket: 'b', prefix: '' });
  });

  it('auto-stop choices stay within the platform’s 1 to 72 hours', () => {
    assert.ok(autoStopHours.every((h) => h >= 1 && h <= 72));
  });

  it('says "1 hour", never "1 hours"', () => {
    const t = (m: string, ...a: (string | number)[]) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)]));
    assert.equal(hoursLabel(1, t), '1 hour');
    assert.equal(hoursLabel(24, t), '24 hours');
    assert.equal(hoursFromNowLabel(1, t), '1 hour from now');
    assert.equal(hoursFromNowLabel(8, t), '8 hours from now');
  });
});
