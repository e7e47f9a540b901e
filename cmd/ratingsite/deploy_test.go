package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostRecipes runs the ratingsite lines of docs/deploy.md's recipes
// on the sample: the host checks, and a deploy (to a folder) twice.
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
	target := "file://" + filepath.ToSlash(t.TempDir())
	code, stdout, stderr := runCmd(t, "deploy", "-out", out, "-target", target, "-dry-run")
	if code != 0 || !strings.Contains(stdout, "Dry run: would upload") || !strings.Contains(stdout, "delete 0, leave 0 unchanged") {
		t.Fatalf("deploy -dry-run: code %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, "deploy", "-out", out, "-target", target, "-quiet")
	if code != 0 || stdout != "" {
		t.Fatalf("deploy: code %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, "deploy", "-out", out, "-target", target)
	if code != 0 || !strings.Contains(stdout, ": 0 uploaded (0 bytes;") || !strings.Contains(stdout, ", 0 deleted,") {
		t.Errorf("second deploy: code %d\n%s%s", code, stdout, stderr)
	}
	// The target and limit can come from ratingsite.toml's [deploy].
	toml := filepath.Join(t.TempDir(), "ratingsite.toml")
	if err := os.WriteFile(toml, []byte("[deploy]\ntarget = \""+target+"\"\nmax_deletes = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCmd(t, "deploy", "-config", toml, "-out", out, "-dry-run")
	if code != 0 || !strings.Contains(stdout, "would upload 0 files") {
		t.Errorf("deploy with the target in ratingsite.toml: code %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd(t, "deploy", "-out", out); code != 1 || !strings.Contains(stderr, "no target") {
		t.Errorf("deploy without -target: code %d, %q", code, stderr)
	}
}
