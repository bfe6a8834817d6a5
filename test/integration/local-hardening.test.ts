import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { request } from "node:http";
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { HIDDEN_TOKEN } from "../../local/aws/execution-view.ts";
import { DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { a2Draft, createDraft, submitAndOpen } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * The local stack is reachable from this machine only, and its local-only endpoints (token
 * issuer, demo sign-in, clock) only from its own pages and from tools: issue 16, "Locally".
 */
const stack = useStack();

/** The stack's process and every descendant (DynamoDB Local's JVM, function workers). */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(name), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1]) out.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // the process ended meanwhile
  }
  return out;
}

interface Listener {
  address: string;
  port: number;
  inode: string;
}

/** Listening TCP sockets of the machine (/proc/net/tcp and tcp6, state 0A = LISTEN). */
function listeners(): Listener[] {
  const out: Listener[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== "0A" || !f[1] || !f[9]) continue;
      const [hex, port] = f[1].split(":");
      out.push({ address: hex ?? "", port: Number.parseInt(port ?? "0", 16), inode: f[9] });
    }
  }
  return out;
}

/** 127.0.0.1 in /proc's little-endian hex, alone or IPv4-mapped in IPv6; or ::1. */
const LOOPBACK = new Set([
  "0100007F",
  "0000000000000000FFFF00000100007F",
  "00000000000000000000000001000000",
]);

/** A raw HTTP request: fetch cannot set Host. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  port = stack.info.ports.http,
): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString();
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(res.headers.location ? { location: res.headers.location } : {}),
          text,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("GIVEN a running local stack", () => {
  it("THEN every socket its processes listen on is bound to the loopback interface", () => {
    const inodes = new Set(processTree(stack.info.pid).flatMap((p) => [...socketInodes(p)]));
    const own = listeners().filter((l) => inodes.has(l.inode));
    const ports = new Set(own.map((l) => l.port));
    // The scan sees the stack's services (DynamoDB Local's JVM among them), so it can fail.
    for (const [service, port] of Object.entries(stack.info.ports)) {
      expect(ports.has(port), `${service} on ${port}`).toBe(true);
    }
    const open = own.filter((l) => !LOOPBACK.has(l.address));
    expect(open, "sockets listening beyond 127.0.0.1").toEqual([]);
  });

  const host = () => `127.0.0.1:${stack.info.ports.http}`;
  const tokenBody = JSON.stringify({ username: "admin" });

  it("WHEN a /_local/ request names another Host (DNS rebinding) THEN 403, and no token", async () => {
    for (const path of ["/_local/auth/token", "/_local/mail.json"]) {
      const res = await raw(
        path.endsWith("token") ? "POST" : "GET",
        path,
        {
          host: "evil.example",
          "content-type": "application/json",
        },
        path.endsWith("token") ? tokenBody : undefined,
      );
      expect(res.status, path).toBe(403);
      expect(res.text).not.toContain('token":"');
    }
    const ok = await raw(
      "POST",
      "/_local/auth/token",
      {
        host: host(),
        "content-type": "application/json",
      },
      tokenBody,
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).token).toMatch(/^ey/);
    const localhost = await raw("GET", "/_local/health", {
      host: `localhost:${stack.info.ports.http}`,
    });
    expect(localhost.status).toBe(200);
  });

  it("WHEN a foreign page posts (text/plain, a form, or with its Origin) THEN no admin token", async () => {
    // What a cross-site <form> or fetch(no-cors) can send without a preflight.
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const res = await raw(
        "POST",
        "/_local/auth/token",
        { host: host(), "content-type": type },
        type === "text/plain" ? tokenBody : "username=admin",
      );
      expect(res.status, type).toBe(415);
      expect(res.text).not.toContain('token":"');
    }
    const foreign = await raw(
      "POST",
      "/_local/auth/token",
      {
        host: host(),
        origin: "http://evil.example",
        "content-type": "application/json",
      },
      tokenBody,
    );
    expect(foreign.status).toBe(403);
    // The demo sign-in form from another site: refused by its Origin, no session cookie.
    const login = await raw(
      "POST",
      "/_local/login",
      {
        host: host(),
        origin: "http://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      "username=admin&next=/app/tasks",
    );
    expect(login.status).toBe(403);
    // The same form from the stack's own page works.
    const own = await raw(
      "POST",
      "/_local/login",
      {
        host: host(),
        origin: `http://${host()}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      "username=admin&next=/app/tasks",
    );
    expect(own.status).toBe(303);
    expect(own.location).toBe("/app/tasks");
    // And the clock moves only for JSON.
    const clock = await raw(
      "POST",
      "/_local/clock",
      { host: host(), "content-type": "text/plain" },
      '{"advanceSeconds": 86400}',
    );
    expect(clock.status).toBe(415);
  });

  it("WHEN the sign-in's next hides a second slash behind a tab or newline THEN it stays on the site", async () => {
    for (const next of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\\evil.example",
      "//evil.example",
    ]) {
      const res = await raw(
        "POST",
        "/_local/login",
        {
          host: host(),
          "content-type": "application/x-www-form-urlencoded",
        },
        new URLSearchParams({ username: "approver.batxat", next }).toString(),
      );
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.location, JSON.stringify(next)).toBe("/");
      const form = await raw("GET", `/_local/login?next=${encodeURIComponent(next)}`, {
        host: host(),
      });
      expect(form.text).toContain('name="next" value="/"');
    }
  });

  it("WHEN a proposal waits for its review THEN the execution view shows no task token, and answers only at its own address", async () => {
    const p = await createDraft(stack, a2Draft({ title: "Token không được lộ" }));
    const taskId = await submitAndOpen(stack, p);
    const task = await dynamoOf(stack).send(
      new GetCommand({ TableName: DATA_TABLE, Key: { pk: `T#${taskId}`, sk: "T" } }),
    );
    const token = String(task.Item?.taskToken ?? "");
    expect(token).not.toBe("");

    const sfnPort = stack.info.ports.sfn;
    const sfnHost = `127.0.0.1:${sfnPort}`;
    const list = await raw("GET", "/", { host: sfnHost }, undefined, sfnPort);
    expect(list.status).toBe(200);
    const pages = [...list.text.matchAll(/href="(\/executions\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(pages.length).toBeGreaterThan(0);
    let seen = list.text;
    let arnWithToken = "";
    for (const page of pages) {
      const res = await raw("GET", page, { host: sfnHost }, undefined, sfnPort);
      expect(res.status, page).toBe(200);
      seen += res.text;
      if (res.text.includes(HIDDEN_TOKEN))
        arnWithToken = decodeURIComponent(page.slice("/executions/".length));
    }
    expect(seen).not.toContain(token);
    expect(arnWithToken, "an execution page where a token was hidden").not.toBe("");

    // The history itself still holds it (the view hides it; this is what it would show),
    // and only the administrator's credentials may read it: no function role has the grant.
    const history = await new SFNClient({
      endpoint: stack.urls.sfn,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }).send(new GetExecutionHistoryCommand({ executionArn: arnWithToken }));
    expect(JSON.stringify(history.events)).toContain(token);

    const refused: Record<string, string>[] = [
      { host: "evil.example" },
      { host: `evil.example:${sfnPort}` },
      { host: sfnHost, origin: "http://evil.example" },
    ];
    for (const headers of refused) {
      const res = await raw("GET", pages[0] ?? "/", headers, undefined, sfnPort);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.text).not.toContain("AQ");
    }
  });
});
