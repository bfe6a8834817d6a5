/**
 * multipart/form-data (RFC 7578) as a browser sends a form with a file input, no JavaScript:
 * the parts split on the boundary of the Content-Type, each with its name, an optional file name
 * and its bytes. Small and strict: a body that does not parse is refused, never guessed at.
 */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  override name = "MultipartError";
}

/** The boundary of a multipart/form-data Content-Type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const MAX_PARTS = 20;

function headerParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(header);
  if (m) return (m[1] ?? "").replace(/\\(.)/g, "$1");
  const bare = new RegExp(`;\\s*${name}=([^;\\s]+)`, "i").exec(header);
  return bare?.[1];
}

/** The parts of a body. Throws MultipartError when it is not a well-formed multipart body. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError("no multipart boundary in the body");
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString("latin1") === "--") return parts;
    if (body.subarray(pos, pos + 2).toString("latin1") !== "\r\n")
      throw new MultipartError("a multipart boundary is not followed by a line end");
    pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw new MultipartError("a part has no end of headers");
    const headers = body.subarray(pos, headerEnd).toString("utf8").split("\r\n");
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) throw new MultipartError("a part is not closed by the boundary");
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? "";
    const type = headers.find((h) => /^content-type:/i.test(h));
    const name = headerParam(disposition, "name");
    if (!name) throw new MultipartError("a part has no name");
    const filename = headerParam(disposition, "filename");
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(type
        ? {
            contentType: type
              .slice(type.indexOf(":") + 1)
              .trim()
              .toLowerCase(),
          }
        : {}),
      data: body.subarray(headerEnd + 4, next),
    });
    if (parts.length > MAX_PARTS) throw new MultipartError("too many parts");
    pos = next + 2;
  }
}
