package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// deployProgram is the program that holds `ratingsite deploy`
// (cmd/ratingsite-deploy). The object stores' client libraries live there,
// not here, so that every other command starts in a fraction of the time
// and memory.
const deployProgram = "ratingsite-deploy"

// cmdDeploy runs ratingsite-deploy with args, passing its output and exit
// code through. It looks for the program beside this one, then on PATH;
// run from the source tree (`go run ./cmd/ratingsite deploy`), it runs
// `go run ./cmd/ratingsite-deploy`.
func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name, pre, err := findDeployProgram()
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite deploy: %v\n", err)
		return 2
	}
	cmd := exec.CommandContext(ctx, name, append(pre, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	// On Ctrl-C or SIGTERM, let the deploy stop between phases as it does
	// when run on its own, then wait for it.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = time.Minute
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	}
	fmt.Fprintf(stderr, "ratingsite deploy: %s: %v\n", name, err)
	return 1
}

// findDeployProgram returns the program to run and the arguments that go
// before the deploy's own.
func findDeployProgram() (string, []string, error) {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), deployProgram)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, nil, nil
		}
	}
	if p, err := exec.LookPath(deployProgram); err == nil {
		return p, nil, nil
	}
	if _, err := os.Stat(filepath.Join("cmd", deployProgram, "main.go")); err == nil {
		if goCmd, err := exec.LookPath("go"); err == nil {
			return goCmd, []string{"run", "./cmd/" + deployProgram}, nil
		}
	}
	return "", nil, fmt.Errorf("the %s program is not installed beside ratingsite or on PATH. It holds the object-store clients, kept out of ratingsite so that every other command starts fast: install both with `go install ./cmd/...` from the source tree (or run `go run ./cmd/ratingsite deploy` there)", deployProgram)
}
