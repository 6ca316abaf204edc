// The Deployment resource as a program declares it (provider/kinds/deployment.ts says what each field does).
// The write-only token of a `github_repository` resource becomes a Pulumi secret, so state holds it encrypted.
import { deploymentKind, type DeploymentOutputs, type DeploymentView } from "../kinds/deployment";
import deploymentEntry = require("./entry/deployment");
import { type ArgsOf, kindResource } from "./resource";

export type {
  DeploymentAgent,
  DeploymentEvent,
  DeploymentOutputs,
  DeploymentResource,
  DeploymentSchedule,
  DeploymentView,
} from "../kinds/deployment";
export type DeploymentArgs = ArgsOf<DeploymentView>;

/**
 * A deployment: an agent run on a cron schedule (or by hand) in an environment. Every change updates it in
 * place; `paused` pauses and unpauses it; destroying it archives it (the API has no delete).
 */
export const Deployment = kindResource<DeploymentView, DeploymentOutputs>(deploymentKind, deploymentEntry);
export type Deployment = InstanceType<typeof Deployment>;
