/**
 * node:crypto for the code that runs in a Lambda, read through `process.getBuiltinModule`
 * instead of `import ... from "node:crypto"`. The module is still loaded at import (every
 * function signs AWS requests with it); what this avoids is the ES module namespace Node builds
 * for a built-in, which reads every export, so its `webcrypto` and `subtle` getters load
 * WebCrypto, which nothing here uses: about 1.8 ms of CPU per cold start, 0.06 of a bare Node
 * start (perf stat, medians of 41, 2026-12-03). Scripts, tests and the local stack import
 * node:crypto as usual.
 */
const crypto: typeof import("node:crypto") = process.getBuiltinModule("node:crypto");

export const {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPublicKey,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  verify,
} = crypto;
