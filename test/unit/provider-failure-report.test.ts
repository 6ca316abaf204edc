// How a failure leaves the provider process (provider/resources/failure-report.ts): the stack goes to the
// engine's Log service at DEBUG severity (shown by --debug only), and the provider server's stderr echo of the
// paragraph is held back. A fake Engine service stands in for the Pulumi engine.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { engineAddress, providerFailure } from "../../provider/lifecycle/failure-report";

const IDENTITY = "stack_1/fleet/dev/Agent/reviewer";

describe("provider failure report", () => {
  const logged: { severity: number; message: string }[] = [];
  const printed: unknown[][] = [];
  const original = { argv: process.argv, error: console.error };
  let server: grpc.Server;

  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(EngineService, {
      log: (call: grpc.ServerUnaryCall<{ getSeverity(): number; getMessage(): string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        logged.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
        const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
        callback(null, new Empty());
      },
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    // As the engine starts the dynamic-provider host: its own address is the last argument.
    process.argv = ["node", "/x/@pulumi/pulumi/cmd/dynamic-provider", `127.0.0.1:${port}`];
    console.error = (...values: unknown[]) => void printed.push(values);
  });
  afterAll(() => {
    process.argv = original.argv;
    console.error = original.error;
    server.forceShutdown();
  });

  it("report: the stack goes to the engine's log at DEBUG severity, behind the paragraph", async () => {
    const failure = await providerFailure(new TypeError("x is not a function"), "agent", "read", ["agent_1", { __identity: IDENTITY }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.severity).toBe(0);
    expect(logged[0]!.message.startsWith(`${failure.message}\nTypeError: x is not a function\n`)).toBe(true);
    expect(logged[0]!.message).toMatch(/\n\s+at /);
  });

  it("report: the provider server's stderr echo of the paragraph is held back, other lines are not", async () => {
    const failure = await providerFailure(new Error("boom"), "agent", "delete", ["agent_1", { __identity: IDENTITY }]);
    // What @pulumi/pulumi's dynamic-provider server does with an error from check, diff, read or delete.
    console.error(`${failure}: ${failure.stack}`);
    console.error("something else");
    expect(printed).toEqual([["something else"]]);
  });

  it("report: the engine's address is the last argument of the provider host, after any flags", () => {
    expect(engineAddress(["node", "index.js", "127.0.0.1:4567"])).toBe("127.0.0.1:4567");
    expect(engineAddress(["node", "index.js", "--logtostderr", "-v=9", "localhost:1"])).toBe("localhost:1");
    expect(engineAddress(["node", "vitest.mjs", "run"])).toBeUndefined();
  });
});
