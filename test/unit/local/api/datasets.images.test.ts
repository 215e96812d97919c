import assert from 'node:assert/strict';
import { readImageInfo } from '../../../../extension/core/labeling/formats/imageSize';
import { bmpBytes, gifBytes, jpegBytes, pngBytes, webpBytes } from '../../../helpers/images';

describe('local datasets: image header sizes', () => {
  it('reads PNG width, height and channels', () => {
    assert.deepEqual(readImageInfo(pngBytes(37, 21)), { format: 'png', width: 37, height: 21, depth: 3 });
  });

  it('reads a JPEG frame header past EXIF and Huffman tables, baseline and progressive', () => {
    assert.deepEqual(readImageInfo(jpegBytes(640, 480)), { format: 'jpeg', width: 640, height: 480, depth: 1 });
    assert.deepEqual(readImageInfo(jpegBytes(9, 17, 0xc2)), { format: 'jpeg', width: 9, height: 17, depth: 1 });
  });

  it('reads GIF, BMP (including top-down) and the three WebP variants', () => {
    assert.deepEqual(readImageInfo(gifBytes(300, 2)), { format: 'gif', width: 300, height: 2, depth: 3 });
    assert.deepEqual(readImageInfo(bmpBytes(12, -34)), { format: 'bmp', width: 12, height: 34, depth: 3 });
    assert.deepEqual(readImageInfo(bmpBytes(5, 6, 32)), { format: 'bmp', width: 5, height: 6, depth: 4 });
    assert.deepEqual(readImageInfo(webpBytes('VP8 ', 320, 200)), { format: 'webp', width: 320, height: 200, depth: 3 });
    assert.deepEqual(readImageInfo(webpBytes('VP8L', 1000, 16383)), { format: 'webp', width: 1000, height: 16383, depth: 4 });
    assert.deepEqual(readImageInfo(webpBytes('VP8X', 70000, 3)), { format: 'webp', width: 70000, height: 3, depth: 4 });
  });

  it('refuses truncated, zero-sized and unknown files', () => {
    assert.equal(readImageInfo(Buffer.from('not an image at all')), undefined);
    assert.equal(readImageInfo(pngBytes(4, 4).subarray(0, 20)), undefined);
    assert.equal(readImageInfo(jpegBytes(8, 8).subarray(0, 30)), undefined, 'JPEG cut before its frame header');
    assert.equal(readImageInfo(gifBytes(0, 5)), undefined);
    assert.equal(readImageInfo(Buffer.alloc(0)), undefined);
    const badMarker = jpegBytes(8, 8);
    badMarker[2] = 0x00; // segment does not start with 0xFF
    assert.equal(readImageInfo(badMarker), undefined);
  });
});
