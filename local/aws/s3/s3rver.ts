import { mkdir } from "node:fs/promises";
import S3rver from "s3rver";

/** s3rver's own key pair: it accepts signatures by this account only. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface S3rverProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * s3rver (the S3 protocol on the file system) on 127.0.0.1 with data under `directory`, the
 * given buckets created if missing. Nothing but the gateway talks to it: it checks no
 * signatures of callers and no policies, so its port is a free one that is never printed.
 */
export async function startS3rver(
  directory: string,
  buckets: readonly string[],
): Promise<S3rverProcess> {
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}
