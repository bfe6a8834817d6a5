import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { SIGNING_ALGORITHM } from "../domain/digest.ts";
import type { DigestSigner, PublicKeySource } from "../ports.ts";

/**
 * The asymmetric KMS key of the audit digests (ECC_NIST_P256, SIGN_VERIFY). Only the digest
 * function may sign (kms:Sign); the verifier fetches the public key (kms:GetPublicKey) and
 * checks signatures itself, as anyone holding the public key can.
 */
let kms: KMSClient | undefined;
const client = () => {
  kms ??= new KMSClient({});
  return kms;
};

export function kmsDigestSigner(keyId: string): DigestSigner {
  return {
    keyId,
    async sign(message) {
      const res = await client().send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: "RAW",
          SigningAlgorithm: SIGNING_ALGORITHM,
        }),
      );
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
      cached ??= client()
        .send(new GetPublicKeyCommand({ KeyId: keyId }))
        .then((res) => {
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
