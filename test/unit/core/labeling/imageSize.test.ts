import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readImageInfo } from '../../../../extension/core/labeling/formats/imageSize';
import { jpegBytes, pngBytes } from '../../../helpers/images';
import { fixture, skipWithoutFixtures } from './helpers';

describe('core/labeling/formats/imageSize: sizes from image headers', () => {
  it('reads the real JPEGs and PNG of the fixtures (EXIF before the frame header included)', function () {
    skipWithoutFixtures(this);
    const size = (rel: string) => {
      const info = readImageInfo(readFileSync(fixture(rel)).subarray(0, 128 * 1024));
      return info && [info.format, info.width, info.height, info.depth];
    };
    assert.deepEqual(size('yolo/label-studio-converter/images/img_1.jpg'), ['jpeg', 640, 329, 3]);
    assert.deepEqual(size('yolo/label-studio-converter/images/img_7.jpeg'), ['jpeg', 640, 427, 3]);
    assert.deepEqual(size('yolo/datumaro-yolo1.1/obj_train_data/1.jpg'), ['jpeg', 15, 10, 3]);
    assert.deepEqual(size('coco/datumaro/images/val/b.jpg'), ['jpeg', 5, 10, 3]);
    assert.deepEqual(size('coco/panopticapi/panoptic_examples/000000439180.png'), ['png', 640, 360, 3]);
  });

  it('reads GIF, BMP and WebP headers and refuses what is no image', () => {
    assert.deepEqual(readImageInfo(pngBytes(7, 3)), { format: 'png', width: 7, height: 3, depth: 3 });
    assert.equal(readImageInfo(jpegBytes(33, 17))?.width, 33);
    const gif = Buffer.from('GIF89a\x0a\x00\x05\x00\x00\x00\x00', 'latin1');
    assert.deepEqual(readImageInfo(gif), { format: 'gif', width: 10, height: 5, depth: 3 });
    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(12, 18);
    bmp.writeInt32LE(-9, 22);
    bmp.writeUInt16LE(24, 28);
    assert.deepEqual(readImageInfo(bmp), { format: 'bmp', width: 12, height: 9, depth: 3 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8L', 8, 'latin1');
    webp[20] = 0x2f;
    webp.writeUInt32LE((20 - 1) | ((11 - 1) << 14), 21);
    assert.deepEqual(readImageInfo(webp), { format: 'webp', width: 20, height: 11, depth: 3 });
    assert.equal(readImageInfo(Buffer.from('not an image at all, just text')), undefined);
    assert.equal(readImageInfo(pngBytes(7, 3).subarray(0, 20)), undefined);
  });
});
