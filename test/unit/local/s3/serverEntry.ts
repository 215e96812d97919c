import { startS3Server } from '../../../../extension/local/s3/server';

/**
 * Child-process entry for the durability test: serves rootDir (argv[2]) and prints its endpoint
 * as one JSON line, so the test can kill -9 it and start another on the same directory.
 */
const rootDir = process.argv[2];
if (!rootDir) throw new Error('usage: serverEntry.ts <rootDir>');
void startS3Server({ rootDir, credentials: { accessKeyId: 'LOCALTESTAK', secretAccessKey: 'local-test-secret-key' } }).then((s) => {
  process.stdout.write(`${JSON.stringify({ endpoint: s.endpoint })}\n`);
});
