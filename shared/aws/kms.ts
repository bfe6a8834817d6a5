import { fromBase64, type JsonService, jsonRpc, toBase64 } from "./json-rpc.ts";

/**
 * The KMS operations the functions call (AWS JSON 1.1, `TrentService`), with the SDK's input
 * and output names so the adapters read as they did over @aws-sdk/client-kms. Blobs are bytes
 * here and base64 on the wire. Locally AWS_ENDPOINT_URL_KMS points it at local/aws/kms/.
 */
export const KMS_SERVICE: JsonService = {
  service: "kms",
  endpointVariable: "KMS",
  hostPrefix: "kms",
  targetPrefix: "TrentService",
  version: "1.1",
};

type Context = Readonly<Record<string, string>>;

export interface Kms {
  generateMac(input: {
    KeyId: string;
    MacAlgorithm: string;
    Message: Uint8Array;
  }): Promise<{ Mac?: Uint8Array; KeyId?: string }>;
  sign(input: {
    KeyId: string;
    Message: Uint8Array;
    MessageType: "RAW" | "DIGEST";
    SigningAlgorithm: string;
  }): Promise<{ Signature?: Uint8Array; KeyId?: string }>;
  getPublicKey(input: { KeyId: string }): Promise<{ PublicKey?: Uint8Array; KeyId?: string }>;
  generateDataKey(input: {
    KeyId: string;
    KeySpec: "AES_256" | "AES_128";
    EncryptionContext?: Context;
  }): Promise<{ Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array; KeyId?: string }>;
  decrypt(input: {
    CiphertextBlob: Uint8Array;
    EncryptionContext?: Context;
    KeyId?: string;
  }): Promise<{ Plaintext?: Uint8Array; KeyId?: string }>;
}

type Output = Record<string, unknown>;
const call = (op: string, input: unknown) => jsonRpc<Output>(KMS_SERVICE, op, input);
const keyIdOf = (out: Output) => (typeof out.KeyId === "string" ? { KeyId: out.KeyId } : {});
const blob = (out: Output, name: string) => {
  const bytes = fromBase64(out[name]);
  return bytes ? { [name]: bytes } : {};
};

/** KMS through the shared signed transport, with the function's role credentials. */
export const kms: Kms = {
  async generateMac(i) {
    const out = await call("GenerateMac", { ...i, Message: toBase64(i.Message) });
    return { ...keyIdOf(out), ...blob(out, "Mac") };
  },
  async sign(i) {
    const out = await call("Sign", { ...i, Message: toBase64(i.Message) });
    return { ...keyIdOf(out), ...blob(out, "Signature") };
  },
  async getPublicKey(i) {
    const out = await call("GetPublicKey", i);
    return { ...keyIdOf(out), ...blob(out, "PublicKey") };
  },
  async generateDataKey(i) {
    const out = await call("GenerateDataKey", i);
    return { ...keyIdOf(out), ...blob(out, "Plaintext"), ...blob(out, "CiphertextBlob") };
  },
  async decrypt(i) {
    const out = await call("Decrypt", { ...i, CiphertextBlob: toBase64(i.CiphertextBlob) });
    return { ...keyIdOf(out), ...blob(out, "Plaintext") };
  },
};
