import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPlatformClient, localPlatformConfig, type PlatformClient } from '../../../../../extension/core/api/client';
import { ModelArtsApi } from '../../../../../extension/core/api/resources/modelArtsApi';
import { startTestDaemon, type TestDaemon } from '../../../../helpers/localDaemon';

/** A local daemon, a platform client on it, the typed API, and an S3 client on its storage. */
export interface Live {
  readonly td: TestDaemon;
  readonly client: PlatformClient;
  readonly api: ModelArtsApi;
  readonly s3: S3Client;
  put(bucket: string, objects: Record<string, string | Buffer>): Promise<void>;
  close(): Promise<void>;
}

export async function startLive(): Promise<Live> {
  const td = await startTestDaemon();
  const d = td.daemon.discovery;
  const client = createPlatformClient({ ...localPlatformConfig(d), proxy: {} });
  const s3 = new S3Client({
    endpoint: d.s3_endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
  });
  return {
    td,
    client,
    api: new ModelArtsApi(client),
    s3,
    async put(bucket, objects) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
        if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
      });
      for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      s3.destroy();
      client.close();
      await td.stop();
    },
  };
}

/** The rejection of `promise` (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
