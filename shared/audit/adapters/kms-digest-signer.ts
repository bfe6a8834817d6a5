import { kms } from "../../aws/kms.ts";
import { SIGNING_ALGORITHM } from "../domain/digest.ts";
import type { DigestSigner, PublicKeySource } from "../ports.ts";

/**
 * The asymmetric KMS key of the audit digests (ECC_NIST_P256, SIGN_VERIFY). Only the digest
 * function may sign (kms:Sign); the verifier fetches the public key (kms:GetPublicKey) and
 * checks signatures itself, as anyone holding the public key can.
 */
export function kmsDigestSigner(keyId: string): DigestSigner {
  return {
    keyId,
    async sign(message) {
      const res = await kms.sign({
        KeyId: keyId,
        Message: message,
        MessageType: "RAW",
        SigningAlgorithm: SIGNING_ALGORITHM,
      });
      if (!res.Signature) throw new Error("KMS returned no signature");
      return res.Signature;
    },
  };
}

export function kmsPublicKey(keyId: string): PublicKeySource {
  let cached: Promise<Uint8Array> | undefined;
  return {
    keyId,
    publicKey() {
      cached ??= kms.getPublicKey({ KeyId: keyId }).then((res) => {
        if (!res.PublicKey) throw new Error("KMS returned no public key");
        return res.PublicKey;
      });
      cached.catch(() => {
        cached = undefined;
      });
      return cached;
    },
  };
}
