// How a provider method's failure leaves the dynamic-provider process: as one paragraph (failure.ts), never
// as a JavaScript stack, unless Pulumi's debug output is on. Runs inside the dynamic-provider process only.
//
// What @pulumi/pulumi's dynamic-provider server (cmd/dynamic-provider/index.js) does with a thrown error:
// it sends `err.message` to the engine as the gRPC status, and for check, diff, read and delete it also
// writes `${err}: ${err.stack}` to stderr, which the engine shows line by line: a 200-line refresh failure.
// The engine passes no debug flag to the provider process (`-v=N` only with `--logflow`), but it gives the
// address of its own Engine service as the last argument: a message logged there at DEBUG severity is shown
// by `pulumi … --debug` and hidden otherwise. So the stack goes there, and the stderr echo of our own
// paragraph (the engine prints the paragraph already) is held back.
import { dirname } from "node:path";
import { describeFailure, failureContext, stackOf, type FailureContext } from "./failure";
import { connectionFacts } from "./settings";
import { PartialCreateError } from "./rules";
import { redact } from "../client/redact";

/** The error the provider server gets: the paragraph as message and as stack, and a partial create's fields. */
export class ProviderFailure extends Error {
  override name = "QoderError";
  id?: string;
  properties?: Record<string, unknown>;
  reasons?: string[];
}

/** Turns anything a provider method threw into a ProviderFailure, and sends its stack to Pulumi's debug log. */
export async function providerFailure(
  err: unknown,
  kind: string,
  method: string,
  args: readonly unknown[],
  facts: Partial<FailureContext> = {},
): Promise<Error> {
  if (err instanceof ProviderFailure) return err;
  const context: FailureContext = { ...failureContext(kind, method, args), ...connectionFacts(), ...facts };
  const paragraph = describeFailure(err, context);
  const failure = new ProviderFailure(paragraph);
  failure.stack = paragraph;
  if (err instanceof PartialCreateError) {
    // Read by the server's grpcResponseFromError: the engine keeps the object in state (ErrorResourceInitFailed).
    failure.id = err.id;
    failure.properties = err.properties;
    failure.reasons = [paragraph];
  }
  holdBackEcho(failure);
  await logDebug(redact(`${paragraph}\n${stackOf(err)}`, context.secrets ?? []));
  return failure;
}

// The exact stderr lines the server would print for our failures: `${err}: ${err.stack}`.
const heldBack = new Set<string>();
let consoleWrapped = false;

function holdBackEcho(failure: ProviderFailure): void {
  if (!consoleWrapped) {
    consoleWrapped = true;
    const original = console.error.bind(console);
    console.error = (...values: unknown[]): void => {
      if (values.length === 1 && typeof values[0] === "string" && heldBack.delete(values[0])) return;
      original(...values);
    };
  }
  // A failure thrown where the server does not echo it (create, update) would stay in the set: keep it small.
  if (heldBack.size > 100) heldBack.clear();
  heldBack.add(`${String(failure)}: ${failure.stack ?? ""}`);
}

type EngineClient = { log(request: unknown, callback: (err: unknown) => void): void; close(): void };
let engine: EngineClient | undefined | null;

/** The engine's address: the dynamic-provider host is started as `… cmd/dynamic-provider [flags] <host:port>`. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const last = argv[argv.length - 1];
  return last !== undefined && /^[\w.[\]:-]+:\d+$/.test(last) && argv.length > 2 ? last : undefined;
}

/** Logs at DEBUG severity to the engine (shown with --debug only); best effort, never throws or waits long. */
async function logDebug(message: string): Promise<void> {
  try {
    if (engine === undefined) engine = connectEngine();
    if (engine === null) return;
    const client = engine;
    const proto = require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
    const request = new proto.LogRequest();
    request.setSeverity(proto.LogSeverity.DEBUG);
    request.setMessage(message);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      client.log(request, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } catch {
    // Debug output is a convenience: the failure itself is reported whatever happens here.
  }
}

function connectEngine(): EngineClient | null {
  const address = engineAddress();
  if (address === undefined) return null;
  // The grpc-js that @pulumi/pulumi's generated client was built with, so its credentials are accepted.
  const services = require.resolve("@pulumi/pulumi/proto/engine_grpc_pb");
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [dirname(services)] })) as typeof import("@grpc/grpc-js");
  const { EngineClient } = require(services) as { EngineClient: new (address: string, credentials: unknown) => EngineClient };
  return new EngineClient(address, grpc.credentials.createInsecure());
}
