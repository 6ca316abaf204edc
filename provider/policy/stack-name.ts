// Which stack the pack is judging, as the pack process learns it. No runtime imports: loading a second
// @pulumi/pulumi in the pack process (ours beside the pack's) would duplicate its global state.

/**
 * The stack name, or undefined when nobody told the process.
 *
 * @pulumi/policy 1.21 reads only stack tags from the engine's ConfigureStack call. The language host fills
 * the gap: it holds the pack back until that call, then starts it with PULUMI_NODEJS_STACK set (the Go
 * SDK's PolicyProxy exists for this; see tools/pulumi-language-nodejs/plugin.go). That variable is what
 * `pulumi.getStack()` reads, but getStack() falls back to the literal "stack" when it is unset, which is
 * indistinguishable from a stack really named "stack"; hence the variable itself.
 */
export function currentStackName(): string | undefined {
  const stack = process.env.PULUMI_NODEJS_STACK;
  return stack === undefined || stack === "" ? undefined : stack;
}
