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

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	if code, _, stderr := runCmd(t); code != 2 || !strings.Contains(stderr, "Usage:") {
		t.Errorf("no arguments: code %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: code %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "build", "-no-such-flag"); code != 2 {
		t.Errorf("unknown flag: code %d, want 2", code)
	}
	if code, _, stderr := runCmd(t, "build", "-base-url", "example.org"); code != 1 || !strings.Contains(stderr, "absolute") {
		t.Errorf("relative base URL: code %d, stderr %q", code, stderr)
	}
}

func TestCheckReportsEveryError(t *testing.T) {
	dir := t.TempDir()
	header := "Location ID,Location ODS Code,Location Name,Care Home?,Location Type,Location Primary Inspection Category,Location Street Address,Location Address Line 2,Location City,Location Post Code,Location Local Authority,Location Region,Location NHS Region,Location ONSPD CCG Code,Location ONSPD CCG,Location Commissioning CCG Code,Location Commissioning CCG Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type,Inherited Rating (Y/N),URL,Provider ID,Provider Name,Brand ID,Brand Name\n"
	row := func(id, rating, date string) string {
		return id + ",P1,Name,N,Primary Medical Services,GP Practices,1 Street,,Town,OL1 1AA,Oldham,North West,North West,E1,CCG,00Y,CCG,Overall,Overall," + rating + "," + date + ",Location,N,https://www.cqc.org.uk/,1-2,Prov,-,-\n"
	}
	csv := header + row("1-1", "Goood", "01/02/2024") + row("1-2", "Good", "31/02/2024")
	os.MkdirAll(filepath.Join(dir, "ratings"), 0o755)
	os.WriteFile(filepath.Join(dir, "ratings", "r.csv"), []byte(csv), 0o644)
	code, stdout, stderr := runCmd(t, "check", "-data", dir)
	if code != 1 {
		t.Errorf("check on bad input: code %d, want 1", code)
	}
	file := filepath.Join(dir, "ratings", "r.csv")
	for _, want := range []string{file + ":2:", "Goood", file + ":3:", "31/02/2024", "2 errors"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
}

func TestBuildSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCmd(t, "build", "-data", "../../data", "-content", "../../content", "-out", out, "-quiet")
	if code != 0 {
		t.Fatalf("build: code %d\n%s", code, stderr)
	}
	if stdout != "" || stderr != "" {
		t.Errorf("-quiet printed %q %q", stdout, stderr)
	}
	code, stdout, _ = runCmd(t, "check", "-data", "../../data", "-content", "../../content")
	if code != 0 || !strings.Contains(stdout, "Checked 300 practices") || !strings.Contains(stdout, "warning") {
		t.Errorf("check: code %d, stdout %q", code, stdout)
	}
}

func TestSampleCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, "sample", "-n", "20", "-api", "2", "-out", dir)
	if code != 0 || !strings.Contains(stdout, "20 GP practices") {
		t.Fatalf("sample: code %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, "check", "-data", dir)
	if code != 0 || !strings.Contains(stdout, "Checked 20 practices") {
		t.Errorf("check of generated sample: code %d %q %q", code, stdout, stderr)
	}
}

func TestCheckLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd(t, "build", "-data", "../../data", "-content", "../../content", "-out", out, "-base-url", "https://example.org/r/", "-quiet"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	code, stdout, stderr := runCmd(t, "check-links", "-base-url", "https://example.org/r/", out)
	if code != 0 || !strings.Contains(stdout, ": 0 broken") {
		t.Errorf("check-links on a good site: code %d %q %q", code, stdout, stderr)
	}
	// Built for /r/ but checked as if served at the root: every internal
	// link is then broken.
	code, _, stderr = runCmd(t, "check-links", out)
	if code != 1 || !strings.Contains(stderr, "broken link") {
		t.Errorf("check-links with the wrong prefix: code %d %q", code, stderr)
	}
	os.Remove(filepath.Join(out, "about", "index.html"))
	code, _, stderr = runCmd(t, "check-links", "-base-url", "https://example.org/r/", out)
	if code != 1 || !strings.Contains(stderr, `"/r/about/"`) {
		t.Errorf("check-links with a missing page: code %d %q", code, stderr)
	}
}

// TestREADMEDocumentsEveryFlag keeps the README true to the code: every
// flag of every command appears in it as `-name`.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flagLine := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	seen := 0
	for _, cmd := range []string{"build", "check", "serve", "sample", "check-links"} {
		_, _, usage := runCmd(t, cmd, "-h")
		for _, m := range flagLine.FindAllStringSubmatch(usage, -1) {
			seen++
			if !bytes.Contains(readme, []byte("`-"+m[1])) {
				t.Errorf("README.md does not document `ratingsite %s -%s`", cmd, m[1])
			}
		}
	}
	if seen < 20 {
		t.Errorf("found only %d flags in the commands' usage: is the pattern right?", seen)
	}
	// deploy's flags are documented with it, in docs/deploy.md.
	doc, err := os.ReadFile("../../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	_, _, usage := runCmd(t, "deploy", "-h")
	n := 0
	for _, m := range flagLine.FindAllStringSubmatch(usage, -1) {
		n++
		if !bytes.Contains(doc, []byte("`-"+m[1])) {
			t.Errorf("docs/deploy.md does not document `ratingsite deploy -%s`", m[1])
		}
	}
	if n < 5 {
		t.Errorf("found only %d deploy flags", n)
	}
}
