// Run: executes a Pulumi program with node through @pulumi/pulumi's `cmd/run` script and turns
// the process outcome into the RunResponse (error or bail) the engine expects.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAlreadyReported is the exit code @pulumi/pulumi's run script uses after it has shown the
// user an actionable error itself; the engine should then stop without adding a message.
const exitAlreadyReported = 32

// errNoDebugger answers `--attach-debugger`: announcing a paused node process to the engine
// (StartDebugging) is left out to keep this host small.
var errNoDebugger = errors.New("attaching a debugger is not supported by this pulumi-language-nodejs build")

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := firstNonEmpty(info.GetProgramDirectory(), req.GetPwd(), h.programDir)
	entry := firstNonEmpty(info.GetEntryPoint(), req.GetProgram(), ".")

	// Problems found before node starts are program errors, not RPC failures: the engine
	// prints RunResponse.Error to the user, while an RPC error reads like a crash of the host.
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: errNoDebugger.Error()}, nil
	}
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "node is not on PATH: " + err.Error()}, nil
	}
	runScript := firstNonEmpty(os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"), "@pulumi/pulumi/cmd/run")
	if runScript, err = locateModule(ctx, node, programDir, runScript); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cfg, err := configEnv(req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append(append([]string{}, opts.nodeargs...), runScript)
	args = append(append(append(args, h.runFlags(req, programDir)...), entry), req.GetArgs()...)

	// The process dies on the engine's Cancel RPC or when the engine abandons this request.
	// SIGINT first lets the SDK flush and disconnect; WaitDelay bounds how long we wait for it.
	cmdCtx, stop := context.WithCancel(h.cancelCtx)
	defer stop()
	context.AfterFunc(ctx, stop)
	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(append(os.Environ(), cfg...), opts.env()...)
	// Wrapping hides the *os.File, so exec copies through a pipe: node may switch the
	// descriptors it inherits to non-blocking mode, which would break our own later writes.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}

	return runResponse(cmd.Run()), nil
}

// runFlags are the flags `cmd/run` parses; it also copies most of them into PULUMI_NODEJS_*
// variables so further copies of @pulumi/pulumi loaded by the program see the same settings.
// --monitor is the engine's resource monitor itself: the SDK's synchronous-invoke side channel
// (--sync) that once required a proxy in the host is no longer used by @pulumi/pulumi.
func (h *host) runFlags(req *pulumirpc.RunRequest, programDir string) []string {
	var flags []string
	add := func(name, value string) {
		if value != "" {
			flags = append(flags, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", firstNonEmpty(req.GetInfo().GetRootDirectory(), h.rootDir))
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	return flags
}

// configEnv renders stack configuration the way @pulumi/pulumi reads it: PULUMI_CONFIG is a JSON
// object keyed "<namespace>:config:<name>" (a spelling every SDK version accepts), and
// PULUMI_CONFIG_SECRET_KEYS a JSON array of the keys whose values are secrets.
func configEnv(req *pulumirpc.RunRequest) ([]string, error) {
	values := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, err
		}
		values[key.Namespace()+":config:"+key.Name()] = v
	}
	secretKeys := append([]string{}, req.GetConfigSecretKeys()...) // [] rather than null
	cfgJSON, err := json.Marshal(values)
	if err != nil {
		return nil, err
	}
	keysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(keysJSON)}, nil
}

// runResponse maps how node ended to what the engine shows: nothing on success, a bare bail when
// the SDK already reported the problem, and a one-line error otherwise (node's own stderr has
// gone to the user already).
func runResponse(err error) *pulumirpc.RunResponse {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Node.js program exited with code %d", exitErr.ExitCode())}
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{Error: "the Node.js program was terminated: " + exitErr.String()}
	default:
		return &pulumirpc.RunResponse{Error: "could not start node: " + err.Error()}
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
