// Entry point of our pulumi-language-nodejs plugin: reads the command line the engine passes,
// serves the LanguageRuntime gRPC service and prints its port on stdout for the engine to dial.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// fallbackVersion is reported when the build carries no module information (e.g. `go run`).
const fallbackVersion = "3.248.0"

type cliArgs struct {
	engine, tracing string
	logToStderr     bool
	verbosity       int
	showVersion     bool
}

// parseArgs is lenient on purpose: engines of different ages pass different flags
// (-root, -tracing, --logtostderr, -v=N, -runtime, ...). Unknown flags are skipped rather than
// fatal, and the first positional argument is the engine's gRPC address.
func parseArgs(args []string) cliArgs {
	takesValue := map[string]bool{"tracing": true, "root": true, "runtime": true}
	var c cliArgs
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			if c.engine == "" {
				c.engine = a
			}
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !hasValue && i+1 < len(args) {
			if _, numeric := strconv.Atoi(args[i+1]); takesValue[name] || (name == "v" && numeric == nil) {
				i++
				value = args[i]
			}
		}
		switch name {
		case "tracing":
			c.tracing = value
		case "logtostderr":
			c.logToStderr = value != "false"
		case "v":
			c.verbosity, _ = strconv.Atoi(value)
		case "version":
			c.showVersion = true
		}
	}
	return c
}

// pluginVersion reports the Pulumi SDK version we were built against, so `pulumi about` shows
// the same version line a stock install would.
func pluginVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/pulumi/pulumi/sdk/v3" {
				return strings.TrimPrefix(dep.Version, "v")
			}
		}
	}
	return fallbackVersion
}

func main() {
	args := parseArgs(os.Args[1:])
	if args.showVersion {
		fmt.Println(pluginVersion())
		return
	}
	logging.InitLogging(args.logToStderr, args.verbosity, false)

	// Stop serving on Ctrl-C, or when the engine stops answering health checks, so the
	// plugin never outlives the CLI that started it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if args.engine != "" {
		if err := rpcutil.Healthcheck(ctx, args.engine, 5*time.Minute, stop); err != nil {
			fail("cannot watch engine health: %v", err)
		}
	}
	cancel := make(chan bool)
	go func() { <-ctx.Done(); close(cancel) }()

	h := newHost(args.engine, args.tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, h)
			return nil
		},
	})
	if err != nil {
		fail("cannot start the language host server: %v", err)
	}
	fmt.Printf("%d\n", handle.Port) // the engine reads this first line to find us
	if err := <-handle.Done; err != nil {
		fail("language host server stopped: %v", err)
	}
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", a...)
	os.Exit(1)
}
