import assert from 'node:assert/strict';
import type { SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import { labelsFingerprint, sameLabels } from '../../../../extension/core/labeling/sampleLabels';
import type { BoxAnnotation } from '../../../../webviews/protocol/labeling';
import { taskKindOf, toAnnotations, toSampleLabels, toSummary } from '../../../../extension/host/panels/labeling/panelAnnotations';

describe('host/panels/labeling/panelAnnotations', () => {
  it('boxes come from bndbox features and go back with every other field the platform sent', () => {
    const labels: SampleLabel[] = [
      {
        id: 'x1',
        name: 'car',
        type: 1,
        score: 0.8,
        annotated_by: 'modelarts/active-learning',
        property: {
          '@modelarts:shape': 'bndbox',
          '@modelarts:feature': [
            [0, 10],
            [50, 95],
          ],
          '@modelarts:hard': 'true',
          color: 'x',
        },
      },
      {
        name: 'road',
        type: 1,
        property: {
          '@modelarts:shape': 'polygon',
          '@modelarts:feature': [
            [0, 0],
            [5, 0],
            [5, 5],
          ],
        },
      },
    ];
    const anns = toAnnotations(labels, 'object-detection');
    assert.deepEqual(anns[0], {
      type: 'box',
      id: 'x1',
      label: 'car',
      x0: 0,
      y0: 10,
      x1: 50,
      y1: 95,
      extra: { id: 'x1', score: 0.8, annotated_by: 'modelarts/active-learning', property: { '@modelarts:hard': 'true', color: 'x' } },
    });
    assert.equal(anns[1]?.type, 'other');
    const back = toSampleLabels(anns, 'object-detection');
    assert.ok(sameLabels(back, labels), labelsFingerprint(back));
    assert.deepEqual(back[1], labels[1], 'a polygon is kept exactly');
    // A moved box: only the feature changes.
    const box = anns[0] as BoxAnnotation;
    const moved = toSampleLabels([{ ...box, x0: 1 }, anns[1]], 'object-detection');
    assert.deepEqual(moved[0]?.property?.['@modelarts:feature'], [
      [1, 10],
      [50, 95],
    ]);
    assert.equal(moved[0]?.score, 0.8);
  });

  it('entities carry ModelArts’ start and end indexes, numbers or numeric strings', () => {
    const anns = toAnnotations(
      [
        { name: 'PER', type: 101, property: { '@modelarts:start_index': 0, '@modelarts:end_index': 2 } },
        { name: 'LOC', type: 101, property: { '@modelarts:start_index': '3', '@modelarts:end_index': '5' } },
        { name: 'BAD', type: 101, property: { '@modelarts:start_index': 4, '@modelarts:end_index': 1 } },
      ],
      'text-entity',
    );
    assert.deepEqual(
      anns.map((a) => (a.type === 'span' ? [a.label, a.start, a.end] : [a.label, a.type])),
      [
        ['PER', 0, 2],
        ['LOC', 3, 5],
        ['BAD', 'other'],
      ],
    );
    assert.deepEqual(toSampleLabels(anns, 'text-entity')[1]?.property, { '@modelarts:start_index': 3, '@modelarts:end_index': 5 });
  });

  it('comparisons ignore what the platform fills in by itself and the order of labels', () => {
    assert.ok(
      sameLabels(
        [{ name: 'a' }, { name: 'b', property: { x: 1, y: 2 } }],
        [
          { name: 'b', type: 0, annotated_by: 'human', property: { y: 2, x: 1 } },
          { name: 'a', property: {} },
        ],
      ),
    );
    assert.ok(!sameLabels([{ name: 'a' }], [{ name: 'a' }, { name: 'a' }]));
    assert.equal(taskKindOf(101), 'text-entity');
    assert.equal(taskKindOf(3), undefined);
    assert.deepEqual(
      toSummary(
        { sample_id: 's', sample_type: 1, sample_name: 'a.txt#L1', source: 'content://你好', labels: [{ name: 'x' }, { name: 'x' }] },
        undefined,
      ),
      {
        id: 's',
        name: 'a.txt#L1',
        labels: ['x'],
        hard: false,
        preview: '你好',
      },
    );
  });
});
