package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runDeployCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cmdDeploy(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestDeployToFolder runs the deploy lines of docs/deploy.md's recipes
// against a folder: a dry run, a deploy, a second deploy that uploads
// nothing, the target from ratingsite.toml, and no target at all.
func TestDeployToFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for name, body := range map[string]string{
		"index.html":                 "<!doctype html><title>Home</title>",
		"practices/1-2/index.html":   "<!doctype html><title>A practice</title>",
		"practices/1-2.json":         `{"id":"1-2"}`,
		"assets/site.0123456789.css": "body{margin:0}",
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target := "file://" + filepath.ToSlash(t.TempDir())
	code, stdout, stderr := runDeployCmd(t, "-out", out, "-target", target, "-dry-run")
	if code != 0 || !strings.Contains(stdout, "Dry run: would upload 4 files") || !strings.Contains(stdout, "delete 0, leave 0 unchanged") {
		t.Fatalf("deploy -dry-run: code %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runDeployCmd(t, "-out", out, "-target", target, "-quiet")
	if code != 0 || stdout != "" {
		t.Fatalf("deploy: code %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runDeployCmd(t, "-out", out, "-target", target)
	if code != 0 || !strings.Contains(stdout, ": 0 uploaded (0 bytes;") || !strings.Contains(stdout, ", 0 deleted, 4 unchanged") {
		t.Errorf("second deploy: code %d\n%s%s", code, stdout, stderr)
	}
	// The target and limit can come from ratingsite.toml's [deploy].
	toml := filepath.Join(t.TempDir(), "ratingsite.toml")
	if err := os.WriteFile(toml, []byte("[deploy]\ntarget = \""+target+"\"\nmax_deletes = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runDeployCmd(t, "-config", toml, "-out", out, "-dry-run")
	if code != 0 || !strings.Contains(stdout, "would upload 0 files") {
		t.Errorf("deploy with the target in ratingsite.toml: code %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runDeployCmd(t, "-out", out); code != 1 || !strings.Contains(stderr, "no target") {
		t.Errorf("deploy without -target: code %d, %q", code, stderr)
	}
	if code, _, stderr := runDeployCmd(t, "-out", out, "extra"); code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("deploy with an argument: code %d, %q", code, stderr)
	}
}

// TestDocsDocumentEveryFlag keeps docs/deploy.md true to the code: every
// deploy flag appears in it as `-name`.
func TestDocsDocumentEveryFlag(t *testing.T) {
	doc, err := os.ReadFile("../../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	_, _, usage := runDeployCmd(t, "-h")
	n := 0
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`).FindAllStringSubmatch(usage, -1) {
		n++
		if !bytes.Contains(doc, []byte("`-"+m[1])) {
			t.Errorf("docs/deploy.md does not document `ratingsite deploy -%s`", m[1])
		}
	}
	if n < 5 {
		t.Errorf("found only %d deploy flags", n)
	}
}
