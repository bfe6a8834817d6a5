import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { ATTACHMENT_PREFIXES } from "../../shared/attachments/domain/keys.ts";
import { acknowledge } from "../nag.ts";

export interface StorageProps {
  readonly auditDigestKey: IKey;
  readonly attachmentsKey: IKey;
  /** Default Object Lock retention of the digests, in years (compliance mode: cannot be shortened). */
  readonly digestRetentionYears: number;
  /** Origins whose pages upload attachments with presigned URLs (CORS). */
  readonly attachmentOrigins: readonly string[];
}

/** The buckets of the stateful stack; created in `scope` so their logical ids are plain. */
export class Storage {
  /** Signed audit digests, write-once (Object Lock, compliance mode). */
  readonly auditDigests: Bucket;
  /** Documents attached to proposals, uploaded from the browser with presigned URLs. */
  readonly attachments: Bucket;
  /** S3 server access logs of the two buckets above. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, props: StorageProps) {
    // Log delivery writes with SSE-S3 only (server access logs do not support SSE-KMS targets).
    this.accessLogs = new Bucket(scope, "AccessLogsBucket", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        { id: "ExpireAccessLogs", expiration: Duration.days(400) },
        { id: "AbortIncompleteUploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogs,
      "AwsSolutions-S1",
      "This is the access-log bucket itself; logging it into itself would loop.",
    );

    this.auditDigests = new Bucket(scope, "AuditDigestBucket", {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.auditDigestKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      // Compliance mode: no one, the root user included, can delete or overwrite a digest
      // version before its retention ends, nor shorten the retention.
      objectLockDefaultRetention: ObjectLockRetention.compliance(
        Duration.days(Math.round(props.digestRetentionYears * 365.25)),
      ),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "audit-digests/",
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.attachments = new Bucket(scope, "AttachmentsBucket", {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.attachmentsKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // An overwritten or deleted attachment stays recoverable for 90 days.
      versioned: true,
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.POST, HttpMethods.GET],
          allowedOrigins: [...props.attachmentOrigins],
          allowedHeaders: ["content-type", "content-md5", "x-amz-*"],
          exposedHeaders: ["ETag"],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: "AbortIncompleteUploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // A browser uploads into pending/; only the confirm step (hash, size and type checked)
        // writes the file under files/. An upload never confirmed is gone after two days.
        {
          id: "ExpireUnconfirmedUploads",
          prefix: ATTACHMENT_PREFIXES.pending,
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: "OlderAttachmentsToInfrequentAccess",
          prefix: ATTACHMENT_PREFIXES.files,
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(365),
            },
          ],
        },
        { id: "ExpireReplacedVersions", noncurrentVersionExpiration: Duration.days(90) },
      ],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "attachments/",
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
