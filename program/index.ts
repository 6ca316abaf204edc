// Entry of the repository's own Pulumi program (Pulumi.yaml `main: dist/program/index.js`): the fleet lives in
// the stack file, and its outputs become the stack outputs. Everything else is in provider/fleet.
import { runFleetProgram } from "../provider/fleet";

export = runFleetProgram;
