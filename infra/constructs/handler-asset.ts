/**
 * A function's deployment package, built at synthesis by esbuild in this process with
 * handlerBuildOptions (infra/constructs/bundling.ts): `index.mjs` and the chunks it loads
 * (code splitting, which NodejsFunction cannot ask of esbuild: it always passes `--outfile`).
 * The asset is hashed by its output, so an unchanged bundle is not uploaded again.
 */
import { type BundlingOptions, DockerImage, type ILocalBundling } from "aws-cdk-lib";
import { buildSync } from "esbuild";
import { bundleSizes, handlerBuildOptions, MAX_BUNDLE_KB } from "./bundling.ts";

/**
 * Builds one handler's package. A class with the entry as a field: CDK caches staged assets by
 * their bundling options serialized to JSON, which keeps fields and drops functions, so the
 * entry must be a field or every function would get the first one's package.
 */
class HandlerBundler implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    const result = buildSync({
      ...handlerBuildOptions(this.entry),
      outdir: outputDir,
      metafile: true,
      logLevel: "error",
    });
    const kb = bundleSizes(result.metafile).totalBytes / 1000;
    if (kb > MAX_BUNDLE_KB) {
      throw new Error(`${this.entry} bundles to ${kb.toFixed(1)} kB (limit ${MAX_BUNDLE_KB} kB)`);
    }
    return true;
  }
}

/** Bundling options of Code.fromAsset for the handler at `entry` (relative to the root). */
export function handlerAssetBundling(entry: string): BundlingOptions {
  return {
    // Never pulled: local bundling always builds or throws. CDK requires an image.
    image: DockerImage.fromRegistry("public.ecr.aws/sam/build-nodejs22.x"),
    local: new HandlerBundler(entry),
  };
}
