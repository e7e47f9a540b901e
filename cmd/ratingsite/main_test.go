package main

import (
	"bytes"
	"context"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ratingsite/internal/config"
	"ratingsite/internal/pipeline"
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

// commandDocs names the doc that lists each command's flags; the
// README's table of commands links every command to it.
var commandDocs = map[string]string{
	"build":       "docs/build.md",
	"check":       "docs/build.md",
	"serve":       "docs/serve.md",
	"check-links": "docs/serve.md",
	"fetch":       "docs/fetch.md",
	"deploy":      "docs/deploy.md",
	"config":      "docs/config.md",
	"sample":      "docs/sample.md",
	"version":     "README.md",
}

// TestCommandsDocumentEveryFlag keeps the README and docs/ true to the
// code: every command has a row in the README's table of commands that
// links to its doc, and that doc names every flag of the command (from
// its -h) as `-name` or `-name ARG`.
func TestCommandsDocumentEveryFlag(t *testing.T) {
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	readme := read("README.md")
	flagLine := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	seen := 0
	for _, cmd := range append(commands(t), "help") {
		row := regexp.MustCompile("(?m)^\\| `ratingsite " + regexp.QuoteMeta(cmd) + "[ `].*$").Find(readme)
		if row == nil {
			t.Errorf("README.md's table of commands has no row for `ratingsite %s`", cmd)
		}
		if cmd == "help" {
			continue
		}
		doc, ok := commandDocs[cmd]
		if !ok {
			t.Errorf("ratingsite %s: name the doc that lists its flags in commandDocs", cmd)
			continue
		}
		if row != nil && doc != "README.md" && !bytes.Contains(row, []byte("]("+doc)) {
			t.Errorf("README.md's row for `ratingsite %s` does not link to %s", cmd, doc)
		}
		if cmd == "deploy" {
			continue // another program's flags: cmd/ratingsite-deploy tests them
		}
		text := read(doc)
		_, _, usage := runCmd(t, cmd, "-h")
		for _, m := range flagLine.FindAllStringSubmatch(usage, -1) {
			seen++
			if !regexp.MustCompile("`-" + regexp.QuoteMeta(m[1]) + "[` ]").Match(text) {
				t.Errorf("%s does not document `ratingsite %s -%s`", doc, cmd, m[1])
			}
		}
	}
	if seen < 60 {
		t.Errorf("found only %d flags in the commands' usage: is the pattern right?", seen)
	}
}

func commands(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	ast.Inspect(f, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "run" {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						name, _ := strconv.Unquote(lit.Value)
						if !strings.HasPrefix(name, "-") && name != "help" {
							cmds = append(cmds, name)
						}
					}
				}
			}
			return true
		})
		return false
	})
	if len(cmds) < 8 {
		t.Fatalf("found only the commands %q in main.go's run", cmds)
	}
	return cmds
}

// TestHelpEveryCommand: "help CMD" and "CMD -h" print the same, for every
// command, and the usage names every command.
func TestHelpEveryCommand(t *testing.T) {
	_, general, _ := runCmd(t, "help")
	for _, cmd := range commands(t) {
		if !strings.Contains(general, "ratingsite "+cmd+" ") {
			t.Errorf("the usage does not list %s", cmd)
		}
		if cmd == "deploy" {
			continue // its -h is ratingsite-deploy's: TestDeployRunsTheDeployProgram passes arguments through, cmd/ratingsite-deploy tests its flags
		}
		code, _, usage := runCmd(t, cmd, "-h")
		if code != 0 || !strings.Contains(usage, "Usage") || !strings.Contains(usage, cmd) {
			t.Errorf("%s -h: code %d, stderr %q", cmd, code, usage)
		}
		code, help, stderr := runCmd(t, "help", cmd)
		if code != 0 || help != usage || stderr != "" {
			t.Errorf("help %s: code %d, stdout %q, stderr %q; want what %s -h printed: %q", cmd, code, help, stderr, cmd, usage)
		}
	}
	if code, _, stderr := runCmd(t, "help", "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: code %d %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "help", "build", "check"); code != 2 {
		t.Errorf("help with two commands: code %d", code)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCmd(t, "version")
	if code != 0 || !regexp.MustCompile(`^ratingsite \S+, revision .+, go1\.\d+`).MatchString(stdout) {
		t.Errorf("version: code %d %q", code, stdout)
	}
	bi := buildInfo{Version: "(devel)", Revision: "0123456789abcdef0123", Time: "2026-12-01T06:00:00Z", Modified: true, Go: "go1.26.8"}
	if s := bi.String(); !strings.Contains(s, "revision 0123456789abcdef0123 of 2026-12-01T06:00:00Z with uncommitted changes") {
		t.Errorf("String() = %q", s)
	}
	if bi.short() != "0123456789ab" {
		t.Errorf("short() = %q", bi.short())
	}
	if v := (buildInfo{Version: "v1.2.3"}).short(); v != "v1.2.3" {
		t.Errorf("short() = %q", v)
	}
	if code, _, _ := runCmd(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: code %d", code)
	}
}

// TestConfigDefaultsMatchFlags keeps config.Default and the flags' own
// defaults the same, so that ratingsite config tells the truth.
func TestConfigDefaultsMatchFlags(t *testing.T) {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var cfg pipeline.Config
	var a, q bool
	buildFlags(fs, &cfg, &a, &q)
	s, err := config.Load(filepath.Join(t.TempDir(), "none.toml"))
	if err == nil {
		t.Fatal("a missing named file gave no error")
	}
	s = &config.Settings{Config: config.Default()}
	n := 0
	for _, k := range config.Keys() {
		f := fs.Lookup(k.Flag)
		if f == nil || !k.AppliesTo("build") || k.Name == "categories" { // -categories is a Func flag without a default value
			continue
		}
		n++
		if got := s.Value(k.Name); got != f.DefValue {
			t.Errorf("config default %s = %q, flag -%s default %q", k.Name, got, k.Flag, f.DefValue)
		}
	}
	if n < 8 {
		t.Errorf("compared only %d defaults", n)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ratingsite.toml")
	abs, _ := filepath.Abs("../../data")
	content, _ := filepath.Abs("../../content")
	os.WriteFile(file, []byte("base_url = \"https://ratings.example.org/\"\ndata = \""+abs+"\"\ncontent = \""+content+"\"\nout = \"site\"\n"), 0o644)

	t.Setenv("RATINGSITE_OUT", filepath.Join(dir, "from-env"))
	code, stdout, stderr := runCmd(t, "config", "-config", file)
	if code != 0 {
		t.Fatalf("config: code %d %q", code, stderr)
	}
	for _, want := range []string{"base_url = 'https://ratings.example.org/'", "# file " + file + ":1:1", "# environment RATINGSITE_OUT", "content = ", "# default", "[deploy]"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, stdout)
		}
	}

	// flag > env > file: -out wins over RATINGSITE_OUT, which wins over the file.
	out := filepath.Join(dir, "from-flag")
	if code, _, stderr := runCmd(t, "build", "-config", file, "-out", out, "-quiet"); code != 0 {
		t.Fatalf("build: code %d %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Contains(page, []byte("https://ratings.example.org/")) {
		t.Errorf("the site was not built with the file's base URL: %v", err)
	}
	if code, _, stderr := runCmd(t, "check", "-config", file, "-quiet"); code != 0 {
		t.Errorf("check: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "site")); err == nil {
		t.Error("the file's out was used although the environment overrides it")
	}

	os.WriteFile(file, []byte("compress = true\n[deploy]\ntraget = \"s3://x\"\n"), 0o644)
	for _, cmd := range []string{"build", "check", "serve", "config"} {
		code, _, stderr := runCmd(t, cmd, "-config", file)
		if code == 0 || !strings.Contains(stderr, file+":3:1: unknown key \"deploy.traget\"") {
			t.Errorf("%s with an unknown key: code %d %q", cmd, code, stderr)
		}
	}
}

// TestDefaultBaseURL: a build left at the localhost base URL warns, and
// with -strict is refused before anything is written; a base URL from a
// flag or from the environment is no warning.
func TestDefaultBaseURL(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := runCmd(t, "sample", "-n", "20", "-api", "0", "-out", data); code != 0 {
		t.Fatalf("sample: %s", stderr)
	}
	const warning = "-base-url: warning: not set, so the site is built for http://localhost:8080/"
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCmd(t, "build", "-data", data, "-content", t.TempDir(), "-out", out)
	if code != 0 || !strings.Contains(stderr, warning) || !strings.Contains(stderr, "-base-url https://") {
		t.Errorf("build without -base-url: code %d, stderr %q", code, stderr)
	}
	// The generated sample builds without warnings: this one is counted.
	if !strings.Contains(stdout, "; 1 warning;") {
		t.Errorf("the summary does not count the warning: %q", stdout)
	}
	for _, cmd := range []string{"build", "check"} {
		strictOut := filepath.Join(t.TempDir(), "public")
		code, stdout, stderr = runCmd(t, cmd, "-data", data, "-content", t.TempDir(), "-out", strictOut, "-strict")
		if code != 2 || !strings.Contains(stderr, "-base-url is not set, and -strict refuses") || stdout != "" {
			t.Errorf("%s -strict without -base-url: code %d, stdout %q, stderr %q", cmd, code, stdout, stderr)
		}
		if _, err := os.Stat(strictOut); !os.IsNotExist(err) {
			t.Errorf("%s -strict without -base-url wrote %s", cmd, strictOut)
		}
	}
	code, _, stderr = runCmd(t, "build", "-data", data, "-content", t.TempDir(), "-out", out, "-base-url", "https://example.org/", "-strict")
	if code != 0 || strings.Contains(stderr, "-base-url") {
		t.Errorf("build -strict with -base-url: code %d, stderr %q", code, stderr)
	}
	t.Setenv("RATINGSITE_BASE_URL", "https://example.org/")
	code, _, stderr = runCmd(t, "check", "-data", data, "-content", t.TempDir(), "-strict")
	if code != 0 || strings.Contains(stderr, "-base-url") {
		t.Errorf("check -strict with RATINGSITE_BASE_URL: code %d, stderr %q", code, stderr)
	}
}
