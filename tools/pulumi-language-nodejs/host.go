// The host type and the small LanguageRuntime methods (handshake, info, dependencies), plus
// helpers shared by Run and RunPlugin: runtime options and module lookup.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// host serves the LanguageRuntime service. Methods we do not need (code generation, Pack, Link,
// Template, RunPlugin2) fall through to the embedded Unimplemented server.
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	tracing       string
	// From Handshake; only a fallback, since requests normally carry a ProgramInfo.
	rootDir, programDir string
	// The engine calls Cancel to abort whatever node process is running; the context outlives
	// any single request, which is why it is not derived from one.
	cancelCtx context.Context
	cancel    context.CancelFunc
}

func newHost(engineAddress, tracing string) *host {
	ctx, cancel := context.WithCancel(context.Background())
	return &host{engineAddress: engineAddress, tracing: tracing, cancelCtx: ctx, cancel: cancel}
}

// Handshake is how an engine that attaches to an already running host (PULUMI_DEBUG_LANGUAGES)
// tells us its address; a host the engine started itself got it as an argument.
func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	h.rootDir, h.programDir = req.GetRootDirectory(), req.GetProgramDirectory()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

// Our programs need no downloadable plugins: the only provider they use is the dynamic one,
// which the CLI finds on PATH or next to its own binary. Reporting none keeps the engine from
// trying to fetch anything.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// InstallDependencies does nothing: node_modules is installed by the repository's own npm
// workflow, never by the CLI. Returning nil ends the stream cleanly.
func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node is not on PATH: %w", err)
	}
	out, _ := exec.CommandContext(ctx, node, "--version").Output() // a missing version is not fatal
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// GetProgramDependencies lists the direct dependencies from package.json, with the version
// actually installed in node_modules when there is one (the declared range otherwise).
func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	var manifest struct{ Dependencies, DevDependencies map[string]string }
	if err := readJSON(filepath.Join(dir, "package.json"), &manifest); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &pulumirpc.GetProgramDependenciesResponse{}, nil
		}
		return nil, err
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, deps := range []map[string]string{manifest.Dependencies, manifest.DevDependencies} {
		for name, want := range deps {
			var installed struct{ Version string }
			if readJSON(filepath.Join(dir, "node_modules", name, "package.json"), &installed) == nil &&
				installed.Version != "" {
				want = installed.Version
			}
			resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: want})
		}
	}
	sort.Slice(resp.Dependencies, func(i, j int) bool { return resp.Dependencies[i].Name < resp.Dependencies[j].Name })
	return resp, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancel()
	return &emptypb.Empty{}, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// nodeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that change how node runs.
type nodeOptions struct {
	typescript bool     // ask @pulumi/pulumi to load ts-node (default on, as with the stock host)
	tsconfig   string   // alternative tsconfig.json for ts-node
	nodeargs   []string // extra node flags; split on whitespace, quoting is not supported
}

func parseOptions(info *pulumirpc.ProgramInfo) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	for k, v := range info.GetOptions().AsMap() {
		var ok bool
		switch k {
		case "typescript":
			opts.typescript, ok = v.(bool)
		case "tsconfig":
			opts.tsconfig, ok = v.(string)
		case "nodeargs":
			var s string
			s, ok = v.(string)
			opts.nodeargs = strings.Fields(s)
		default:
			ok = true // options meant for package managers etc. do not concern running
		}
		if !ok {
			return opts, fmt.Errorf("runtime option %q has the wrong type (%T)", k, v)
		}
	}
	return opts, nil
}

// env carries the options to @pulumi/pulumi's run scripts, which read them from the environment.
func (o nodeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// locateModule asks node itself to resolve mod from dir, so hoisted or symlinked node_modules
// (workspaces, our test fixtures) resolve exactly as they will when the program runs.
func locateModule(ctx context.Context, node, dir, mod string) (string, error) {
	quoted, _ := json.Marshal(mod)
	script := fmt.Sprintf("try { console.log(require.resolve(%s)) } catch (e) { console.error(e.message); process.exit(1) }", quoted)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		detail := err.Error()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			detail = strings.TrimSpace(string(exitErr.Stderr))
		}
		return "", fmt.Errorf("cannot find %s from %s (is @pulumi/pulumi installed there? run npm install): %s",
			mod, dir, detail)
	}
	return strings.TrimSpace(string(out)), nil
}
