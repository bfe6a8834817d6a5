/**
 * The functions' code as Lambda runs it: one esbuild bundle per handler, built with exactly the
 * deployed options (infra/constructs/bundling.ts, HANDLER_BUNDLING — the same the bundle report
 * and the cold-start benchmark use), laid out like the deployment package
 * (`<entry>/index.mjs`, handler `index.handler`). Building all of them takes a few seconds, so
 * they are cached under node_modules/.cache/project8-local/bundles/<hash>, the hash covering
 * every project file the bundles contain, the build options and package-lock.json; the local
 * runtime's bootstrap is built beside them.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, version as esbuildVersion, type Metafile, type Plugin } from "esbuild";
import { handlerBuildOptions } from "../../infra/constructs/bundling.ts";

export interface BuiltBundles {
  dir: string;
  /** The bundle (`…/index.mjs`) of each entry, and the project files it contains. */
  entries: ReadonlyMap<string, { file: string; inputs: ReadonlySet<string> }>;
  bootstrap: string;
  source: "cache" | "built";
  ms: number;
}

interface Manifest {
  key: string;
  dir: string;
  optionsKey: string;
  entries: Record<string, { file: string; inputs: string[] }>;
  /** Project file → sha256 when built. */
  inputs: Record<string, string>;
}

const BOOTSTRAP_ENTRY = "local/lambda/bootstrap.ts";
const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

async function fileSha(root: string, file: string): Promise<string> {
  try {
    return sha(await readFile(path.join(root, file)));
  } catch {
    return "missing";
  }
}

function optionsKey(lock: string): string {
  const { entryPoints: _e, ...options } = handlerBuildOptions("x.ts");
  return sha(JSON.stringify({ options, esbuildVersion, lock, layout: 1 }));
}

const projectInputs = (inputs: Iterable<string>) =>
  [...inputs].filter((f) => !f.includes("node_modules/") && !f.startsWith("("));

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The bundles of `entries` (paths relative to the project root), built or from the cache. */
export async function loadBundles(opts: {
  projectRoot: string;
  cacheDir: string;
  entries: readonly string[];
  force?: boolean;
}): Promise<BuiltBundles> {
  const started = performance.now();
  const root = opts.projectRoot;
  const base = path.join(opts.cacheDir, "bundles");
  const wanted = [...new Set(opts.entries)].sort();
  // One manifest per checkout and set of entries (source mode asks for none).
  const manifestFile = path.join(
    base,
    `manifest-${sha(root).slice(0, 12)}-${sha(wanted.join("\n")).slice(0, 8)}.json`,
  );
  const lock = await fileSha(root, "package-lock.json");
  const oKey = optionsKey(lock);

  const cached = opts.force ? undefined : await readManifest(manifestFile);
  if (
    cached &&
    cached.optionsKey === oKey &&
    JSON.stringify(Object.keys(cached.entries).sort()) === JSON.stringify(wanted) &&
    (await isDir(cached.dir))
  ) {
    const current = await Promise.all(
      Object.entries(cached.inputs).map(async ([f, h]) => (await fileSha(root, f)) === h),
    );
    if (current.every(Boolean)) return result(cached, "cache", started);
  }

  await mkdir(base, { recursive: true });
  const tmp = path.join(base, `tmp-${randomBytes(6).toString("hex")}`);
  try {
    // The hashes of the very bytes esbuild bundled: a file edited during the build and restored
    // afterwards must not leave its edited bundle under the clean file's hash.
    const bundled = new Map<string, string>();
    const built =
      wanted.length === 0
        ? { metafile: { inputs: {}, outputs: {} } satisfies Metafile }
        : await build({
            ...handlerBuildOptions(wanted[0] ?? ""),
            plugins: [hashingLoader(root, bundled)],
            entryPoints: wanted.map((e) => path.join(root, e)),
            absWorkingDir: root,
            outbase: root,
            outdir: tmp,
            entryNames: "[dir]/[name]/index",
            outExtension: { ".js": ".mjs" },
            metafile: true,
            logLevel: "silent",
          });
    const boot = await buildBootstrap(root, path.join(tmp, "runtime", "bootstrap.mjs"), bundled);
    const entries = entriesOf(built.metafile, root, tmp);
    const inputFiles = [
      ...new Set([
        ...projectInputs(Object.keys(built.metafile.inputs)),
        ...projectInputs(Object.keys(boot.metafile.inputs)),
        "infra/constructs/bundling.ts",
      ]),
    ].sort();
    const inputs = Object.fromEntries(
      await Promise.all(
        inputFiles.map(async (f) => [f, bundled.get(f) ?? (await fileSha(root, f))] as const),
      ),
    );
    const key = sha(JSON.stringify({ oKey, inputs, wanted })).slice(0, 20);
    const dir = path.join(base, key);
    if (await isDir(dir)) await rm(tmp, { recursive: true, force: true });
    else await rename(tmp, dir).catch(async () => rm(tmp, { recursive: true, force: true }));
    const manifest: Manifest = {
      key,
      dir,
      optionsKey: oKey,
      entries: Object.fromEntries(
        Object.entries(entries).map(([e, v]) => [
          e,
          { file: path.join(dir, path.relative(tmp, v.file)), inputs: v.inputs },
        ]),
      ),
      inputs,
    };
    const part = `${manifestFile}.${randomBytes(4).toString("hex")}`;
    await writeFile(part, JSON.stringify(manifest));
    await rename(part, manifestFile);
    await prune(base).catch(() => undefined);
    return result(manifest, "built", started);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    const first = (error as { errors?: { text: string; location?: { file: string } }[] })
      .errors?.[0];
    if (first) {
      throw new Error(
        `a function does not bundle: ${first.location?.file ?? ""} ${first.text}`.trim(),
      );
    }
    throw error;
  }
}

/** Builds the local runtime's bootstrap (local/lambda/bootstrap.ts) into `outfile`. */
export async function buildBootstrap(
  root: string,
  outfile: string,
  bundled: Map<string, string> = new Map(),
) {
  return build({
    plugins: [hashingLoader(root, bundled)],
    entryPoints: [path.join(root, BOOTSTRAP_ENTRY)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outfile,
    metafile: true,
    logLevel: "silent",
  });
}

/**
 * Loads the project's own files (not packages) itself and records the SHA-256 of what it hands
 * to esbuild, by path relative to the root, as the metafile names inputs.
 */
function hashingLoader(root: string, bundled: Map<string, string>): Plugin {
  return {
    name: "hashing-loader",
    setup(b) {
      b.onLoad({ filter: /\.(?:[cm]?[jt]s|json)$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = await readFile(args.path);
        bundled.set(path.relative(root, args.path), sha(contents));
        const ext = path.extname(args.path);
        const loader = ext === ".json" ? "json" : /^\.[cm]?ts$/.test(ext) ? "ts" : "js";
        return { contents, loader };
      });
    },
  };
}

function entriesOf(
  metafile: Metafile,
  root: string,
  outDir: string,
): Record<string, { file: string; inputs: string[] }> {
  const out: Record<string, { file: string; inputs: string[] }> = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    out[output.entryPoint] = {
      file: path.resolve(root, file),
      inputs: projectInputs(Object.keys(output.inputs)).sort(),
    };
  }
  for (const v of Object.values(out)) {
    if (!v.file.startsWith(outDir)) throw new Error(`bundle ${v.file} outside ${outDir}`);
  }
  return out;
}

function result(m: Manifest, source: "cache" | "built", started: number): BuiltBundles {
  return {
    dir: m.dir,
    entries: new Map(
      Object.entries(m.entries).map(([e, v]) => [e, { file: v.file, inputs: new Set(v.inputs) }]),
    ),
    bootstrap: path.join(m.dir, "runtime", "bootstrap.mjs"),
    source,
    ms: Math.round(performance.now() - started),
  };
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** Removes bundle folders no manifest points at (other checkouts share node_modules/.cache). */
async function prune(base: string): Promise<void> {
  const names = await readdir(base);
  const kept = new Set<string>();
  for (const n of names.filter((x) => x.startsWith("manifest-") && x.endsWith(".json"))) {
    const m = await readManifest(path.join(base, n));
    if (m) kept.add(path.basename(m.dir));
  }
  const hourAgo = Date.now() - 3_600_000;
  for (const n of names) {
    if (n.startsWith("manifest-") || kept.has(n)) continue;
    const p = path.join(base, n);
    const s = await stat(p).catch(() => undefined);
    if (s?.isDirectory() && s.mtimeMs < hourAgo) await rm(p, { recursive: true, force: true });
  }
}
