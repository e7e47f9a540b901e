package publish

import (
	"compress/gzip"
	"io"
	"time"

	"github.com/andybalholm/brotli"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPath(t *testing.T) {
	for p, ok := range map[string]bool{
		"index.html": true, "practices/1-2/index.html": true, "assets/site.css": true,
		"": false, ".": false, "../x": false, "/etc/passwd": false, "a/../../b": false,
		"a\\b": false, "a//b": false, "./a": false,
	} {
		if err := CheckPath(p); (err == nil) != ok {
			t.Errorf("CheckPath(%q) = %v, want ok=%v", p, err, ok)
		}
	}
}

func TestPublishCommit(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, "k0", Options{}, map[string]string{"stale.html": "old"})
	p, err := New(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Publish("a/index.html", []byte("<!DOCTYPE html><html><body>  <p>  Hello   world </p> </body></html>")); err != nil {
		t.Fatal(err)
	}
	if err := p.Publish("a/index.html", []byte("x")); err == nil {
		t.Error("publishing one path twice must fail")
	}
	if err := p.Publish("../escape.html", []byte("x")); err == nil {
		t.Error("an unsafe path must be refused")
	}
	if err := p.Publish("data.json", []byte("{\n  \"a\": 1\n}")); err != nil {
		t.Fatal(err)
	}
	// Nothing is visible before Commit.
	if _, err := os.Stat(filepath.Join(out, "a", "index.html")); err == nil {
		t.Error("file visible before Commit")
	}
	if err := p.Commit("k1"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "a", "index.html"))
	if strings.Contains(string(b), "  ") || !strings.Contains(string(b), "Hello world") {
		t.Errorf("HTML not minified: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "data.json")); string(b) != `{"a":1}` {
		t.Errorf("JSON not minified: %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); err == nil {
		t.Error("the previous build's files must be gone")
	}
	if st := p.Stats(); st.Files != 2 || st.Pages != 1 {
		t.Errorf("stats = %+v", st)
	}
	// public, its state and changed.txt, and the previous tree kept as
	// the next build's spare, with its state.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("left behind: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(beside(out, spareKind), "stale.html")); string(b) != "old" {
		t.Errorf("the spare does not hold the previous build: %q", b)
	}
}

func TestAbortKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, "k0", Options{}, map[string]string{"index.html": "old"})
	p, err := New(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Publish("index.html", []byte("new"))
	p.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "old" {
		t.Errorf("previous output changed: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("temporary tree left behind: %v", entries)
	}
}

// build publishes files (path → content) into out as one build.
func build(t *testing.T, out, key string, opt Options, files map[string]string) Stats {
	t.Helper()
	p, err := New(out, opt)
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range files {
		if err := p.Publish(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Commit(key); err != nil {
		t.Fatal(err)
	}
	return p.Stats()
}

func TestIncremental(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{
		"index.html":         "<p>home</p>",
		"a/index.html":       "<p>a</p>",
		"b/index.html":       "<p>b</p>",
		"practices/1-1.json": `{"id":"1-1"}`,
	}
	st := build(t, out, "k1", Options{}, files)
	if st.Written != 4 || st.Unchanged != 0 {
		t.Fatalf("first build: %+v", st)
	}
	old := time.Now().Add(-time.Hour)
	for p := range files {
		os.Chtimes(filepath.Join(out, p), old, old)
	}
	// The state file was written before the times changed: a rebuild reads
	// the files to compare, and still writes nothing.
	st = build(t, out, "k2", Options{}, files)
	if st.Written != 0 || st.Unchanged != 4 || st.Removed != 0 {
		t.Errorf("unchanged rebuild: %+v", st)
	}
	for p := range files {
		fi, _ := os.Stat(filepath.Join(out, p))
		if !fi.ModTime().Equal(old) {
			t.Errorf("%s was rewritten", p)
		}
	}
	if _, ok := Unchanged(out, "k2"); !ok {
		t.Error("Unchanged(k2) = false after a build with key k2")
	}
	if _, ok := Unchanged(out, "k3"); ok {
		t.Error("Unchanged(k3) = true for another key")
	}
	// One file changes, one goes, one is new.
	files["a/index.html"] = "<p>a, changed</p>"
	delete(files, "b/index.html")
	files["c/index.html"] = "<p>c</p>"
	st = build(t, out, "k3", Options{}, files)
	if st.Written != 2 || st.Unchanged != 2 || st.Removed != 1 {
		t.Errorf("partial rebuild: %+v", st)
	}
	if b, _ := os.ReadFile(ChangedPath(out)); string(b) != "a/index.html\nb/index.html\nc/index.html\n" {
		t.Errorf("changed.txt = %q, want the changed, removed and new files, sorted", b)
	}
	if _, err := os.Stat(filepath.Join(out, "b")); !os.IsNotExist(err) {
		t.Error("stale directory b/ not removed")
	}
	fi, _ := os.Stat(filepath.Join(out, "index.html"))
	if !fi.ModTime().Equal(old) {
		t.Error("an unchanged file was rewritten")
	}
	// The result equals a clean build of the same files.
	clean := filepath.Join(dir, "clean")
	build(t, clean, "k3", Options{}, files)
	if d := diffTrees(t, out, clean); d != "" {
		t.Errorf("incremental and clean builds differ: %s", d)
	}
	// Someone edits a published file: Unchanged notices, and the next
	// build puts it right.
	os.WriteFile(filepath.Join(out, "index.html"), []byte("tampered"), 0o644)
	if _, ok := Unchanged(out, "k3"); ok {
		t.Error("Unchanged ignored a modified output file")
	}
	st = build(t, out, "k3", Options{}, files)
	if st.Written != 1 {
		t.Errorf("repair build: %+v", st)
	}
}

func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string]string {
		m := map[string]string{}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				c, _ := os.ReadFile(p)
				m[rel] = string(c)
			}
			return nil
		})
		return m
	}
	ma, mb := read(a), read(b)
	for k, v := range ma {
		if mb[k] != v {
			return k
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			return k
		}
	}
	return ""
}

func TestCompress(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	page := "<p>" + strings.Repeat("Good practice. ", 200) + "</p>"
	st := build(t, out, "k", Options{Compress: true}, map[string]string{"index.html": page, "favicon.png": "\x89PNG"})
	if st.Files != 4 {
		t.Errorf("files = %d, want index.html, .gz, .br and the PNG alone", st.Files)
	}
	want, _ := os.ReadFile(filepath.Join(out, "index.html"))
	gzf, _ := os.Open(filepath.Join(out, "index.html.gz"))
	zr, err := gzip.NewReader(gzf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != string(want) {
		t.Error(".gz does not decompress to the page")
	}
	brf, _ := os.Open(filepath.Join(out, "index.html.br"))
	got, _ = io.ReadAll(brotli.NewReader(brf))
	if string(got) != string(want) {
		t.Error(".br does not decompress to the page")
	}
	if _, err := os.Stat(filepath.Join(out, "favicon.png.gz")); err == nil {
		t.Error("a PNG was compressed")
	}
}

// A -compress rebuild compresses only the files that changed; the others
// keep the previous build's .gz and .br, and the result equals a clean
// compressed build. Anything that makes the kept files doubtful (another
// compressor, a sibling touched since) compresses again.
func TestCompressKeepsUnchanged(t *testing.T) {
	if compressorID() == "" {
		t.Fatal("the test binary does not know its brotli version, so -compress rebuilds would compress everything")
	}
	text := func(s string) string { return "<p>" + strings.Repeat(s+" practice ", 100) + "</p>" }
	files := map[string]string{"index.html": text("home"), "a/index.html": text("a"), "b/index.html": text("b"), "site.css": "p{color:red}"}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	opt := Options{Compress: true}
	if st := build(t, out, "k1", opt, files); st.Compressed != 3 {
		t.Fatalf("first build compressed %d files, want 3 (the CSS is too small)", st.Compressed)
	}
	files["a/index.html"] = text("a changed")
	st := build(t, out, "k2", opt, files)
	if st.Compressed != 1 || st.Written != 3 || st.Unchanged != 7 || st.Files != 10 {
		t.Errorf("after one change: %+v; want 1 compressed, 3 written, 7 unchanged of 10", st)
	}
	clean := filepath.Join(dir, "clean")
	build(t, clean, "k2", opt, files)
	if d := diffTrees(t, out, clean); d != "" {
		t.Errorf("incremental and clean compressed builds differ at %q", d)
	}

	// Another compressor: nothing is kept.
	state := StatePath(out)
	data, _ := os.ReadFile(state)
	os.WriteFile(state, []byte(strings.Replace(string(data), "compressor ", "compressor other ", 1)), 0o644)
	if st := build(t, out, "k3", opt, files); st.Compressed != 3 {
		t.Errorf("with another compressor recorded, %d files were compressed, want 3", st.Compressed)
	}
	// A sibling changed since the last build: that file is compressed again.
	br := filepath.Join(out, "b", "index.html.br")
	os.WriteFile(br, []byte("stale"), 0o644)
	if st := build(t, out, "k4", opt, files); st.Compressed != 1 {
		t.Errorf("with one .br touched, %d files were compressed, want 1", st.Compressed)
	}
	if d := diffTrees(t, out, clean); d != "" {
		t.Errorf("after repairing a touched .br, the build differs from a clean one at %q", d)
	}
	// Without -compress, nothing is compressed and the siblings go.
	if st := build(t, out, "k5", Options{}, files); st.Compressed != 0 || st.Removed != 6 {
		t.Errorf("without -compress: %+v; want nothing compressed and 6 files removed", st)
	}
}
