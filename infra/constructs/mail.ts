import { Aws, CfnOutput } from "aws-cdk-lib";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";

export interface OperationsMailProps {
  readonly mailDomain: string;
  readonly mailFrom: string;
  /** Where alarms and mail events go; without it the topics have no subscription. */
  readonly alarmEmail?: string;
  readonly topicKey: IKey;
}

/**
 * SES ready for production, and the two operations topics, in the stateful stack: a topic's
 * email subscription must be confirmed by hand, so it should not be replaced by a redeploy of
 * the stateless stack.
 *
 * - the domain identity with Easy DKIM (2048-bit), its three CNAME records as outputs;
 * - a configuration set, the identity's default one (every SendEmail uses it without code
 *   changes), with reputation metrics, the account suppression list for bounces and
 *   complaints, and an event destination that publishes bounces, complaints, rejects,
 *   rendering failures and delivery delays to the mail-events topic;
 * - the alarm topic that the stateless stack's CloudWatch alarms publish to.
 */
export class OperationsMail {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly mailFrom: string;
  readonly alarmTopic: Topic;
  readonly mailEventsTopic: Topic;

  constructor(scope: Construct, props: OperationsMailProps) {
    this.mailFrom = props.mailFrom;
    this.alarmTopic = new Topic(scope, "AlarmTopic", {
      displayName: "Project 8 alarms",
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    // CloudWatch alarms of this account may publish (the topic policy replaces SNS's default).
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.mailEventsTopic = new Topic(scope, "MailEventsTopic", {
      displayName: "Project 8 mail bounces and complaints",
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      for (const topic of [this.alarmTopic, this.mailEventsTopic]) {
        topic.addSubscription(new EmailSubscription(props.alarmEmail));
      }
    }

    this.configurationSet = new ConfigurationSet(scope, "MailConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination("BouncesAndComplaints", {
      destination: EventDestination.snsTopic(this.mailEventsTopic),
      events: [
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
        EmailSendingEvent.RENDERING_FAILURE,
        EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    this.identity = new EmailIdentity(scope, "MailIdentity", {
      identity: Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
    });
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(scope, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME record ${i + 1} of 3 for ${props.mailDomain}: add it to the domain's DNS`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    new CfnOutput(scope, "MailFrom", {
      description: "Sender of every email",
      value: this.mailFrom,
    });
  }
}
