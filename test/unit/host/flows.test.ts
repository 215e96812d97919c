import assert from 'node:assert/strict';
import { autoStopHours, keyPairNameProblem, notebookNameProblem } from '../../../extension/host/flows/validation';

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

  it('auto-stop choices stay within the platform’s 1 to 72 hours', () => {
    assert.ok(autoStopHours.every((h) => h >= 1 && h <= 72));
  });
});
