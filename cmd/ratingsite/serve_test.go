package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperArgs, in a child process started by a test, holds the command line
// that TestHelperProcess runs through main, separated by newlines.
const helperArgs = "SERVE_TEST_HELPER_ARGS"

// TestHelperProcess is not a test: it runs main in a child process started
// by a test that needs the real process, with its signal handling (the
// pattern of os/exec's own tests). It does nothing in a normal test run.
func TestHelperProcess(t *testing.T) {
	args := os.Getenv(helperArgs)
	if args == "" {
		return
	}
	os.Args = append([]string{"ratingsite"}, strings.Split(args, "\n")...)
	main() // exits
}

// TestServeRemovesItsBuildOnSignal starts `ratingsite serve` as a process
// of its own, sends it SIGINT (Ctrl-C) or SIGTERM (what systemd, Docker and
// Kubernetes send), and checks that it exits cleanly and leaves nothing in
// its temporary directory.
func TestServeRemovesItsBuildOnSignal(t *testing.T) {
	for _, tc := range []struct {
		sig            syscall.Signal
		duringTheBuild bool // signal during the first build, before serving
	}{
		{syscall.SIGINT, false},
		{syscall.SIGTERM, false},
		{syscall.SIGTERM, true},
	} {
		sig := tc.sig
		name := sig.String()
		if tc.duringTheBuild {
			name += " during the first build"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			tmp := filepath.Join(dir, "tmp")
			if err := os.Mkdir(tmp, 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp, helperArgs+"="+strings.Join([]string{
				"serve", "-addr", "127.0.0.1:0", "-poll", "1h",
				"-data", "../../data", "-content", "../../content",
				"-templates", "../../templates", "-assets", "../../assets",
			}, "\n"))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if tc.duringTheBuild {
				// The build has begun once its state file or output
				// folder appears.
				deadline := time.Now().Add(2 * time.Minute)
				for {
					m, _ := filepath.Glob(filepath.Join(tmp, "ratingsite-serve-*", "build-1", "*"))
					if len(m) > 0 {
						break
					}
					if time.Now().After(deadline) {
						cmd.Process.Kill()
						t.Fatalf("the first build never began\n%s", stderr.String())
					}
					time.Sleep(2 * time.Millisecond)
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				if err := cmd.Wait(); err != nil {
					t.Errorf("after %s during the first build: %v, want exit status 0\n%s", sig, err, stderr.String())
				}
				if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
					t.Errorf("after %s during the first build serve left %v in its temporary directory", sig, entries)
				}
				return
			}
			exited := make(chan error, 1)
			serving := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if rest, ok := strings.CutPrefix(sc.Text(), "Serving "); ok {
						serving <- strings.Fields(rest)[0]
					}
				}
				exited <- cmd.Wait()
			}()
			var url string
			select {
			case url = <-serving:
			case err := <-exited:
				t.Fatalf("serve exited before serving: %v\n%s", err, stderr.String())
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				t.Fatalf("serve did not start\n%s", stderr.String())
			}
			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("GET %s: %d", url, resp.StatusCode)
			}
			entries, _ := os.ReadDir(tmp)
			if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "ratingsite-serve-") {
				t.Fatalf("temporary directory holds %v, want the build", entries)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("after %s: %v, want exit status 0\n%s", sig, err, stderr.String())
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("serve did not stop on %s", sig)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("after %s serve left %v in its temporary directory", sig, entries)
			}
		})
	}
}
