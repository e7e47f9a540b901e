package publish

import (
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
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644)
	p, err := New(out)
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
	if err := p.Commit(); err != nil {
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
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestAbortKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "index.html"), []byte("old"), 0o644)
	p, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	p.Publish("index.html", []byte("new"))
	p.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "old" {
		t.Errorf("previous output changed: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary tree left behind: %v", entries)
	}
}
