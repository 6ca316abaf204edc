// RunPlugin: starts a Node.js plugin (a policy pack, or a provider written in JS) for the engine
// and streams its stdout/stderr back, ending with its exit code, as RunPluginResponse requires.
package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest,
	stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	ctx := stream.Context()
	dir := firstNonEmpty(req.GetInfo().GetProgramDirectory(), req.GetProgram(), h.programDir)
	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	if req.GetAttachDebugger() {
		return errNoDebugger
	}

	opts, err := parseOptions(req.GetInfo())
	if err != nil {
		return err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	script := firstNonEmpty(os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"), "@pulumi/pulumi/cmd/run-plugin")
	if isPolicyPack {
		script = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	if script, err = locateModule(ctx, node, dir, script); err != nil {
		return err
	}

	args := append(append([]string{}, opts.nodeargs...), script)
	// run-policy-pack wants `<engine address> <pack dir>`, and the engine sends its address as
	// the only argument; run-plugin takes the plugin directory first, then the engine's args.
	if isPolicyPack {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}

	// The engine sends its full environment; older engines sent none, meaning "inherit".
	env := append([]string{}, req.GetEnv()...)
	if len(env) == 0 {
		env = os.Environ()
	}
	env = append(env, opts.env()...)

	out := &pluginOutput{stream: stream}
	cmd := exec.CommandContext(ctx, node, args...) // killed when the engine drops the stream
	cmd.Dir = req.GetPwd()
	cmd.Stdout, cmd.Stderr = out.writer(false), out.writer(true)

	// Policy packs written for @pulumi/policy learn the stack (name, config, dry-run) from
	// PULUMI_* variables at start-up, but the engine only sends it later, through the analyzer's
	// ConfigureStack call. The SDK's PolicyProxy bridges that: it answers the engine first (its
	// port is our first stdout line), collects the configuration, then forwards every analyzer
	// call to the real pack once that has printed its own port.
	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		cmd.Dir = dir // packs have always run from their own directory
		if proxy, cmd.Stdout, err = sdk.NewPolicyProxy(ctx, cmd.Stdout); err != nil {
			return err
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return err
		}
		if env, err = appendStackEnv(env, stack); err != nil {
			return err
		}
	}
	cmd.Env = env

	if err = cmd.Start(); err != nil {
		return err
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd) // returns once the pack exits; it waits on cmd itself
	} else {
		err = cmd.Wait()
	}
	code, exitErr := 0, (*exec.ExitError)(nil)
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		return err
	}
	return out.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}

// appendStackEnv adds the stack description in the variables @pulumi/pulumi's settings read.
func appendStackEnv(env []string, stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if stack == nil { // e.g. `pulumi policy publish`: no stack at all
		return env, nil
	}
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", stack.GetProject())
	add("PULUMI_NODEJS_STACK", stack.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
	cfg, err := configEnv(&pulumirpc.RunRequest{Config: stack.GetConfig(), ConfigSecretKeys: stack.GetConfigSecretKeys()})
	if err != nil {
		return nil, err
	}
	return append(env, cfg...), nil
}

// pluginOutput serialises sends on the response stream: gRPC forbids concurrent Send calls,
// and exec copies stdout and stderr on separate goroutines.
type pluginOutput struct {
	mu     sync.Mutex
	stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]
}

func (o *pluginOutput) send(msg *pulumirpc.RunPluginResponse) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stream.Send(msg)
}

func (o *pluginOutput) writer(stderr bool) writerFunc {
	return func(b []byte) (int, error) {
		msg := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
		if stderr {
			msg.Output = &pulumirpc.RunPluginResponse_Stderr{Stderr: b}
		}
		if err := o.send(msg); err != nil { // Send copies b before returning, so reuse is safe
			return 0, err
		}
		return len(b), nil
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
