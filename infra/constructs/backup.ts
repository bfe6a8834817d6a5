import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from "aws-cdk-lib/aws-backup";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Schedule } from "aws-cdk-lib/aws-events";
import type { Construct } from "constructs";
import { acknowledge } from "../nag.ts";

/** Daily recovery points are kept this long (point-in-time recovery covers only 35 days). */
export const DAILY_BACKUP_RETENTION = Duration.days(365);
/** Monthly recovery points are kept as long as the audit digests (accounting records: 10 years). */
export const MONTHLY_BACKUP_RETENTION = Duration.days(3653);

/**
 * AWS Backup for both tables beyond point-in-time recovery's 35 days: a daily backup at
 * 01:00 Asia/Ho_Chi_Minh kept a year and the first of each month kept ten years, in a vault
 * whose recovery points nobody can delete by hand (only their lifecycle ends them).
 */
export class TableBackups {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, tables: readonly ITable[]) {
    this.vault = new BackupVault(scope, "BackupVault", {
      blockRecoveryPointDeletion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new BackupPlan(scope, "BackupPlan", {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: "Daily",
          scheduleExpression: Schedule.cron({ hour: "18", minute: "0" }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(6),
          deleteAfter: DAILY_BACKUP_RETENTION,
        }),
        new BackupPlanRule({
          ruleName: "Monthly",
          scheduleExpression: Schedule.cron({ day: "1", hour: "19", minute: "0" }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(6),
          deleteAfter: MONTHLY_BACKUP_RETENTION,
        }),
      ],
    });
    const selection = this.plan.addSelection("Tables", {
      resources: tables.map((t) => BackupResource.fromDynamoDbTable(t)),
    });
    acknowledge(
      selection,
      "AwsSolutions-IAM4",
      "AWS Backup's own service role policy (AWSBackupServiceRolePolicyForBackup) is AWS's documented way to let the service create and restore DynamoDB backups; the role is assumable only by backup.amazonaws.com and the selection names the two tables.",
      [
        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      ],
    );
  }
}
