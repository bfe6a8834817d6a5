import { openApiDocument } from "./openapi.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Op = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
  security: unknown[];
};

/** A single static HTML page (no scripts), Vietnamese first, readable on a phone. */
export function renderApiReference(): string {
  const doc = openApiDocument() as {
    info: { title: string; description: string };
    paths: Record<string, Record<string, Op>>;
  };
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ", bắt buộc / required" : ""})${p.description ? ` — ${esc(p.description)}` : ""}</li>`,
        )
        .join("");
      const body = op.requestBody?.content["application/json"]?.schema;
      sections.push(`<section id="${esc(op.operationId)}">
<h3><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.description?.split("\n\n")[0] ?? "")} / ${esc(op.summary)}${op.security.length ? "" : " <em>(public)</em>"}</p>
${op.description?.includes("\n\n") ? `<p>${esc(op.description.split("\n\n").slice(1).join(" "))}</p>` : ""}
${params ? `<ul>${params}</ul>` : ""}
${body ? `<details><summary>Request body (JSON Schema)</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ""}
<p class="r">${Object.entries(op.responses)
        .map(([c, r]) => `<code>${c}</code> ${esc(r.description)}`)
        .join(" · ")}</p>
</section>`);
    }
  }
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tài liệu API — Dự án 8</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#111}h3{font-size:1rem;margin:.2rem 0}section{border-top:1px solid #ccc;padding:.6rem 0}.m{background:#0b5;color:#fff;padding:0 .3rem;border-radius:3px}pre{overflow:auto;background:#f4f4f4;padding:.5rem;font-size:.8rem}.r{font-size:.9rem;color:#333}code{word-break:break-all}</style></head>
<body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
<p>Xác thực: <code>Authorization: Bearer &lt;token&gt;</code> (Cognito ID token; cục bộ: <code>npm run token -- &lt;user&gt;</code>). Lỗi theo RFC 9457 (<code>application/problem+json</code>). Máy đọc: <a href="/openapi.json">/openapi.json</a>.</p>
${sections.join("\n")}</body></html>`;
}
