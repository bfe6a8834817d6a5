import { describe, expect, it } from "vitest";
import { HIDDEN_TOKEN, hideTaskTokens, refuseViewRequest } from "../../local/aws/execution-view.ts";
import { TokenCodec } from "../../packages/local-stepfunctions/src/tokens.ts";

const ARN = "arn:aws:states:ap-southeast-1:000000000000:execution:ProposalLifecycle:P-1";

describe("GIVEN the local execution view", () => {
  it("WHEN a page holds task tokens (escaped JSON of a TaskScheduled event) THEN each is hidden, the rest is kept", () => {
    const codec = new TokenCodec("secret");
    const a = codec.issue(ARN, 1);
    const b = codec.issue(ARN, 2);
    const page = `<pre>{&quot;taskToken&quot;:&quot;${a}&quot;,&quot;proposalId&quot;:&quot;P-1&quot;}</pre><td>${b}</td><td>${ARN}</td>`;
    const shown = hideTaskTokens(page);
    expect(shown).not.toContain(a);
    expect(shown).not.toContain(b);
    expect(shown.split(HIDDEN_TOKEN)).toHaveLength(3);
    expect(shown).toContain("P-1&quot;}");
    expect(shown).toContain(`<td>${ARN}</td>`);
    // Ids and names are not tokens.
    const plain = "<td>AQ-1f0e3c52-8a0b-4c1e-9f2a-2d6b2d7f0c11</td><td>AQUA</td>";
    expect(hideTaskTokens(plain)).toBe(plain);
  });

  it("WHEN the Host is not its own loopback address or Origin another site THEN refused", () => {
    expect(refuseViewRequest({ host: "127.0.0.1:8083" }, 8083)).toBeUndefined();
    expect(refuseViewRequest({ host: "localhost:8083" }, 8083)).toBeUndefined();
    expect(
      refuseViewRequest({ host: "127.0.0.1:8083", origin: "http://127.0.0.1:8083" }, 8083),
    ).toBeUndefined();
    for (const headers of [
      { host: "evil.example" },
      { host: "evil.example:8083" },
      { host: "127.0.0.1:3000" },
      {},
      { host: "127.0.0.1:8083", origin: "http://evil.example" },
      { host: "127.0.0.1:8083", origin: "null" },
    ])
      expect(refuseViewRequest(headers, 8083), JSON.stringify(headers)).toMatch(/execution view/);
  });
});
