import assert from 'node:assert/strict';
import { Trees, type RefreshableView } from '../../../../extension/host/views/trees';
import { isViewId, type ViewId, ViewIds } from '../../../../extension/host/views/viewIds';

function fakeView(id: ViewId, log: string[]): RefreshableView {
  return {
    id,
    refresh: () => log.push(`refresh ${id}`),
    loadMore: () => log.push(`more ${id}`),
    dispose: () => log.push(`dispose ${id}`),
  };
}

describe('host: reloading the views (Trees)', () => {
  const make = () => {
    const log: string[] = [];
    return { log, trees: new Trees(Object.values(ViewIds).map((id) => fakeView(id, log))) };
  };

  it('reloads only the views named: a notebook action costs one listing, not six', () => {
    const { log, trees } = make();
    trees.refresh(ViewIds.notebooks);
    assert.deepEqual(log, ['refresh modelarts.notebooks']);
    log.length = 0;
    trees.refresh(ViewIds.trainingJobs, ViewIds.storage);
    assert.deepEqual(log, ['refresh modelarts.trainingJobs', 'refresh modelarts.storage']);
  });

  it('reloads all six on refreshAll, and pages only the view asked', () => {
    const { log, trees } = make();
    trees.refreshAll();
    assert.equal(log.length, 6);
    log.length = 0;
    trees.loadMore(ViewIds.trainingJobs);
    assert.deepEqual(log, ['more modelarts.trainingJobs']);
  });

  it('tells a view id from anything else a command may be passed', () => {
    assert.equal(isViewId('modelarts.trainingJobs'), true);
    assert.equal(isViewId('modelarts.nope'), false);
    assert.equal(isViewId(undefined), false);
  });
});
