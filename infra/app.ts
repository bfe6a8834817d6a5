/** The CDK app run by `npx cdk synth|deploy` (see cdk.json). */
import { App } from "aws-cdk-lib";
import { buildApp } from "./build-app.ts";

buildApp(new App());
