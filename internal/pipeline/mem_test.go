package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"ratingsite/internal/publish"
)

// The end-to-end tests that do not test the disk build into memory
// (Config.Memory) and read the site as an fs.FS; those that state their
// own input do it in an fstest.MapFS. The tests of the output folder, the
// kill test and compression build on disk.

// buildMem builds cfg into memory and returns the site; it fails the test
// if the build fails. cfg.OutDir is not used.
func buildMem(t testing.TB, cfg Config) (fs.FS, *Result) {
	t.Helper()
	site, res, err := tryBuildMem(cfg)
	if err != nil {
		for _, p := range res.Problems.All() {
			t.Log(p)
		}
		t.Fatalf("build: %v", err)
	}
	return site, res
}

// tryBuildMem builds cfg into memory; site is nil when the build failed.
func tryBuildMem(cfg Config) (fs.FS, *Result, error) {
	cfg.Memory = publish.NewMemory(publish.Options{Compress: cfg.Compress})
	res, err := Build(context.Background(), cfg)
	if err != nil {
		return nil, res, err
	}
	return cfg.Memory.FS(), res, nil
}

// memInput is a small input tree stated in a test: path → content.
func memInput(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for p, c := range files {
		m[p] = &fstest.MapFile{Data: []byte(c), Mode: 0o644}
	}
	return m
}

// memConfig builds the data given as files (path → content, e.g.
// "ratings/latest.csv") with the built-in templates and assets and no
// content, all in memory; messages name the data "data/...".
func memConfig(data map[string]string) Config {
	return Config{Data: memInput(data), Content: fstest.MapFS{}, Templates: fstest.MapFS{}, Assets: fstest.MapFS{},
		BaseURL: "https://example.org/"}
}

// sampleInputs is the repository's own sample, read from the repository's
// folders as `ratingsite build` reads them from its root.
func sampleInputs(t testing.TB, baseURL string) Config {
	root := repoRoot(t)
	return Config{
		DataDir:      filepath.Join(root, "data"),
		ContentDir:   filepath.Join(root, "content"),
		TemplatesDir: filepath.Join(root, "templates"),
		AssetsDir:    filepath.Join(root, "assets"),
		BaseURL:      baseURL,
	}
}

type sampleBuild struct {
	site fs.FS
	res  *Result
	err  error
}

// samples are the sample's builds, one per base URL, shared by the tests
// of one run, which only read them.
var samples sync.Map // base URL → func() sampleBuild

// buildSample builds the repository's sample into memory, once per base
// URL for the whole test binary, and returns the site.
func buildSample(t *testing.T, baseURL string) (fs.FS, *Result) {
	t.Helper()
	cfg := sampleInputs(t, baseURL)
	once, _ := samples.LoadOrStore(baseURL, sync.OnceValue(func() sampleBuild {
		site, res, err := tryBuildMem(cfg)
		return sampleBuild{site, res, err}
	}))
	b := once.(func() sampleBuild)()
	if b.err != nil {
		for _, p := range b.res.Problems.Errors() {
			t.Log(p)
		}
		t.Fatalf("building the sample: %v", b.err)
	}
	return b.site, b.res
}

// Inputs given as file systems are named in messages by their folder
// names, as the user knows them, and are read only through the file
// system: the checks that need real paths leave them alone, so an -out
// named like the data folder is no refusal.
func TestInputsAsFileSystems(t *testing.T) {
	bad := header + practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Goood", "01/02/2024")
	cfg := memConfig(map[string]string{"ratings/x.csv": bad, "enforcement.csv": "Location ID,Action,Date,Source URL\n1-404,Warning notice,01/06/2022,\n"})
	cfg.DataDir = filepath.Join("site", "data")
	res, err := Check(context.Background(), cfg)
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
	files := map[string]bool{}
	for _, p := range res.Problems.Errors() {
		files[fmt.Sprintf("%s:%d", p.File, p.Line)] = true
	}
	for _, want := range []string{filepath.Join("site", "data", "ratings", "x.csv") + ":2", filepath.Join("site", "data", "enforcement.csv") + ":2"} {
		if !files[want] {
			t.Errorf("no error at %s: %v", want, res.Problems.Errors())
		}
	}

	// On disk, -out inside the data folder is refused; the same names
	// given as a file system are not folders it could write among.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), header+practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024"))
	disk := Config{DataDir: filepath.Join(dir, "data"), OutDir: filepath.Join(dir, "data", "public"), BaseURL: "https://example.org/"}
	if _, err := Build(context.Background(), disk); err == nil || !strings.Contains(err.Error(), "inside the -data folder") {
		t.Errorf("-out inside the -data folder on disk: err = %v", err)
	}
	mem := disk
	mem.Data = os.DirFS(disk.DataDir)
	mem.DataDir = "data"
	if _, err := Build(context.Background(), mem); err != nil {
		t.Errorf("-out beside a file-system input: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "public", "index.html")); err != nil {
		t.Errorf("the site was not built into -out: %v", err)
	}
}
