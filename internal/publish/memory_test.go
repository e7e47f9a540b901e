package publish

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Memory holds, byte for byte, the files a Publisher writes for the
// same calls, compressed siblings included, and counts them alike.
func TestMemoryMatchesPublisher(t *testing.T) {
	files := []struct{ path, data string }{
		{"index.html", "<!DOCTYPE html><html><body>  <p>  Hello   world </p> </body></html>"},
		{"practices/1-2.json", "{\n  \"a\": 1\n}"},
		{"assets/site.css", "body {  color: #000000; }"},
		{"map.png", "\x89PNG not really"},
		{"big.html", "<p>" + strings.Repeat("words and more words ", 200) + "</p>"},
	}
	for _, compress := range []bool{false, true} {
		opt := Options{Compress: compress}
		out := filepath.Join(t.TempDir(), "public")
		p, err := New(out, opt)
		if err != nil {
			t.Fatal(err)
		}
		m := NewMemory(opt)
		for _, f := range files {
			for _, pub := range []interface{ Publish(string, []byte) error }{p, m} {
				if err := pub.Publish(f.path, []byte(f.data)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := p.Commit("k"); err != nil {
			t.Fatal(err)
		}
		if err := m.Commit("k"); err != nil {
			t.Fatal(err)
		}
		disk, mem := treeOf(t, os.DirFS(out)), treeOf(t, m.FS())
		if len(disk) != len(mem) {
			t.Errorf("compress %v: %d files on disk, %d in memory", compress, len(disk), len(mem))
		}
		for name, b := range disk {
			if !bytes.Equal(mem[name], b) {
				t.Errorf("compress %v: %s differs: %q in memory, %q on disk", compress, name, mem[name], b)
			}
		}
		ps, ms := p.Stats(), m.Stats()
		if ps.Files != ms.Files || ps.Pages != ms.Pages || ps.Bytes != ms.Bytes || ps.Compressed != ms.Compressed || ps.Written != ms.Written {
			t.Errorf("compress %v: stats on disk %+v, in memory %+v", compress, ps, ms)
		}
		if compress && ms.Compressed == 0 {
			t.Error("nothing was compressed")
		}
	}
}

func treeOf(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		m[p], err = fs.ReadFile(fsys, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMemoryRefuses(t *testing.T) {
	m := NewMemory(Options{})
	if err := m.Publish("a.html", []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	buf := []byte("{}")
	if err := m.PublishMinified("b.json", buf); err != nil {
		t.Fatal(err)
	}
	buf[0] = 'X' // the renderer reuses its buffers
	if b, _ := fs.ReadFile(m.FS(), "b.json"); string(b) != "{}" {
		t.Errorf("b.json = %q: the publisher kept the caller's buffer", b)
	}
	for _, p := range []string{"a.html", "../escape.html", ".hidden", "/abs"} {
		if err := m.Publish(p, []byte("x")); err == nil {
			t.Errorf("Publish(%q) was accepted", p)
		}
	}
	m.Abort()
	if st := m.Stats(); st.Files != 0 {
		t.Errorf("after Abort: %+v", st)
	}
	if err := m.Publish("c.html", nil); err == nil {
		t.Error("a file published after Abort was accepted")
	}
	m2 := NewMemory(Options{})
	m2.Commit("")
	m2.Abort()
	if err := m2.Commit(""); err == nil {
		t.Error("a second Commit was accepted")
	}
}
