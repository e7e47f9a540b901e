package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostRecipes runs the build lines of docs/deploy.md's recipes on the
// sample: the host checks. cmd/ratingsite-deploy tests the deploys.
func TestHostRecipes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	in := []string{"-data", "../../data", "-content", "../../content", "-out", out, "-base-url", "https://ratings.example.org/", "-quiet"}
	for _, c := range []struct {
		args []string
		note string
	}{
		{[]string{"-host", "cloudflare", "-strict"}, ""},
		{[]string{"-host", "netlify", "-strict"}, ""},
		{[]string{"-host", "github"}, "GitHub Pages ignores _headers: frame-ancestors"},
		{[]string{"-compress", "-host", "s3"}, "needs an index rewrite"},
	} {
		code, _, stderr := runCmd(t, append(append([]string{"build"}, in...), c.args...)...)
		if code != 0 {
			t.Fatalf("build %v: code %d\n%s", c.args, code, stderr)
		}
		if c.note == "" && stderr != "" || !strings.Contains(stderr, c.note) {
			t.Errorf("build %v printed %q, want %q", c.args, stderr, c.note)
		}
	}
	if code, _, stderr := runCmd(t, "build", "-out", out, "-host", "geocities"); code != 2 || !strings.Contains(stderr, "unknown -host") {
		t.Errorf("an unknown host: code %d, %q", code, stderr)
	}
}

// TestDeployRunsTheDeployProgram checks that `ratingsite deploy` runs
// ratingsite-deploy from PATH with its arguments, passing its output and
// exit code through, and says what to do when it is missing.
func TestDeployRunsTheDeployProgram(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"deploying $*\"\necho \"to stderr\" >&2\nexit 3\n"
	if err := os.WriteFile(filepath.Join(bin, deployProgram), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	code, stdout, stderr := runCmd(t, "deploy", "-dry-run", "-target", "file:///x y")
	if code != 3 || stdout != "deploying -dry-run -target file:///x y\n" || stderr != "to stderr\n" {
		t.Errorf("deploy through a program on PATH: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	t.Setenv("PATH", t.TempDir())
	code, _, stderr = runCmd(t, "deploy", "-dry-run")
	if code != 2 || !strings.Contains(stderr, "go install ./cmd/...") {
		t.Errorf("deploy without the program: code %d, stderr %q", code, stderr)
	}
}
