import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, ImageCache } from '../../../../extension/core/labeling/imageCache';
import { imageKeyOf, objectOf } from '../../../../extension/core/labeling/sampleImages';

describe('core/labeling/imageCache', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'ma-imgcache-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('fetches an image once, however many ask at the same time, and serves the file after', async () => {
    const cache = new ImageCache(root);
    const key = cacheKey('a');
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 20));
      return { data: Buffer.from('png bytes'), contentType: 'image/png' };
    };
    const files = await Promise.all([cache.ensureImage(key, fetch), cache.ensureImage(key, fetch), cache.ensureImage(key, fetch)]);
    assert.equal(fetches, 1);
    assert.equal(new Set(files).size, 1);
    assert.equal(path.extname(files[0]), '.png');
    assert.equal(readFileSync(files[0], 'utf8'), 'png bytes');
    assert.equal(await new ImageCache(root).ensureImage(key, fetch), files[0]);
    assert.equal(fetches, 1, 'a new cache on the same folder finds it');
  });

  it('a failed fetch leaves nothing behind and can be tried again', async () => {
    const cache = new ImageCache(root);
    const key = cacheKey('b');
    await assert.rejects(
      cache.ensureImage(key, () => Promise.reject(new Error('daemon down'))),
      /daemon down/,
    );
    assert.equal(cache.image(key), undefined);
    assert.ok(await cache.ensureImage(key, () => Promise.resolve({ data: Buffer.from('x'), contentType: 'image/jpeg' })));
  });

  it('keeps thumbnails beside images, and prunes the oldest images by size', async () => {
    const cache = new ImageCache(root);
    for (let i = 0; i < 5; i++)
      await cache.ensureImage(cacheKey(`img${i}`), () => Promise.resolve({ data: Buffer.alloc(1000, i), contentType: 'image/png' }));
    const t = cache.putThumbnail(cacheKey('img0'), Buffer.from('jpeg'), 'image/jpeg');
    assert.equal(cache.thumbnail(cacheKey('img0')), t);
    assert.equal(new ImageCache(root).thumbnail(cacheKey('img0')), t);
    assert.equal(cache.thumbnail(cacheKey('img1')), undefined);
    assert.equal(cache.prune(2500), 3);
    assert.equal(cache.thumbnail(cacheKey('img0')), t, 'thumbnails stay');
    assert.throws(() => cache.image('../../etc/passwd'), /Not a cache key/);
  });

  it('keys an image by its SHA-256 when the platform gives one, and finds its object from any source form', () => {
    const sha = 'a'.repeat(64);
    assert.equal(imageKeyOf({ sample_id: 's', sample_type: 0, sha256: sha }), sha);
    const k1 = imageKeyOf({ sample_id: 's', sample_type: 0, sample_time: 1, source: 'https://b.obs.x/k.jpg?Signature=1' });
    const k2 = imageKeyOf({ sample_id: 's', sample_type: 0, sample_time: 1, source: 'https://b.obs.x/k.jpg?Signature=2' });
    assert.equal(k1, k2, 'a new signature is the same image');
    assert.notEqual(k1, imageKeyOf({ sample_id: 's', sample_type: 0, sample_time: 2 }));
    assert.deepEqual(objectOf({ sample_id: 's', sample_type: 0, source: 'obs://team/img/a b.png' }), {
      bucket: 'team',
      key: 'img/a b.png',
    });
    assert.deepEqual(
      objectOf({ sample_id: 's', sample_type: 0, source: 'https://team.obs.cn-north-4.myhuaweicloud.com/img/a%20b.png?AccessKeyId=x' }),
      {
        bucket: 'team',
        key: 'img/a b.png',
      },
    );
    assert.deepEqual(objectOf({ sample_id: 's', sample_type: 0, sample_dir: '/team/img/', sample_name: 'c.png' }), {
      bucket: 'team',
      key: 'img/c.png',
    });
  });
});
