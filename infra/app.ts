/** The CDK app run by `npx cdk synth|deploy` (see cdk.json), checked by cdk-nag at synthesis. */
import { App } from "aws-cdk-lib";
import { applyNagChecks, buildApp } from "./build-app.ts";

const app = new App();
buildApp(app);
applyNagChecks(app);
