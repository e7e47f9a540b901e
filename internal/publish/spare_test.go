package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readTree returns every file under dir (slash path → content), and the
// empty folders (path + "/" → "").
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if es, _ := os.ReadDir(p); len(es) == 0 && rel != "." {
				got[rel+"/"] = ""
			}
			return nil
		}
		b, err := os.ReadFile(p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSpareEqualsClean: builds that stage into the spare (the tree before
// last) leave exactly the site they publish, plus the files put in the
// output folder by hand, whatever changed: files changed, added and
// removed, a file becoming a folder and back, files added to the output
// and removed from it by hand, the spare tampered with. changed.txt lists
// exactly the paths whose content changed.
func TestSpareEqualsClean(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	rng := rand.New(rand.NewPCG(1, 2))
	site := map[string]string{}
	for i := range 40 {
		site[fmt.Sprintf("p/%d/index.html", i)] = fmt.Sprintf("practice %d", i)
	}
	site["index.html"] = "home"
	foreign := map[string]string{}
	used := 0
	for step := range 30 {
		before := map[string]string{}
		if step > 0 {
			before = readTree(t, out)
		}
		if step > 0 {
			// Change, add and remove a few files.
			for range 1 + rng.IntN(4) {
				site[fmt.Sprintf("p/%d/index.html", rng.IntN(50))] = fmt.Sprintf("practice v%d", step)
			}
			for range rng.IntN(3) {
				delete(site, fmt.Sprintf("p/%d/index.html", rng.IntN(50)))
			}
			switch step % 6 {
			case 1: // a file becomes a folder
				delete(site, "x/a")
				site["x/a/b.html"] = "under a"
			case 2: // and a file again
				delete(site, "x/a/b.html")
				site["x/a"] = "a file"
			case 3: // a file put in the output by hand
				foreign["mine.txt"] = fmt.Sprintf("mine %d", step)
				os.WriteFile(filepath.Join(out, "mine.txt"), []byte(foreign["mine.txt"]), 0o644)
			case 5: // and removed
				delete(foreign, "mine.txt")
				os.Remove(filepath.Join(out, "mine.txt"))
			}
			if step%7 == 4 {
				// Tamper with the spare: a file the next build would keep.
				filepath.WalkDir(beside(out, spareKind), func(p string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() && strings.HasSuffix(p, "index.html") {
						// Same size: only the time tells.
						b, _ := os.ReadFile(p)
						os.WriteFile(p, []byte(strings.Repeat("x", len(b))), 0o644)
					}
					return nil
				})
			}
			if step > 0 {
				// Refresh what the output holds after the hand edits.
				before = readTree(t, out)
			}
		}
		p, err := New(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.base != nil {
			used++
		}
		for path, content := range site {
			if err := p.PublishMinified(path, []byte(content)); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Commit(fmt.Sprint("k", step)); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		want := map[string]string{}
		for k, v := range site {
			want[k] = v
		}
		for k, v := range foreign {
			want[k] = v
		}
		got := readTree(t, out)
		for k := range got {
			if strings.HasSuffix(k, "/") {
				delete(got, k) // empty folders: see below
			}
		}
		if !mapsEqual(got, want) {
			t.Fatalf("step %d: the output differs from the site:\n got %v\nwant %v", step, keysDiff(got, want), keysDiff(want, got))
		}
		if step == 0 {
			continue
		}
		if step%7 != 4 {
			// (After a step that tampered with files, the spare is the
			// tree they were in; its state is then rightly out of date,
			// and the next build's stat of each file sees it.)
			checkSpareState(t, out, step)
		}
		var wantChanged []string
		for k, v := range site {
			if old, ok := before[k]; !ok || old != v {
				wantChanged = append(wantChanged, k)
			}
		}
		for k := range before {
			if _, ok := site[k]; !ok && foreign[k] == "" && !strings.HasSuffix(k, "/") && k != "mine.txt" {
				wantChanged = append(wantChanged, k)
			}
		}
		slices.Sort(wantChanged)
		b, _ := os.ReadFile(ChangedPath(out))
		gotChanged := strings.Fields(string(b))
		if !slices.Equal(gotChanged, wantChanged) {
			t.Errorf("step %d: changed.txt = %v, want %v", step, gotChanged, wantChanged)
		}
	}
	if used < 25 {
		t.Errorf("only %d of 30 builds staged into the spare", used)
	}
	// No folder of the output is left empty by files moving away.
	for k := range readTree(t, out) {
		if strings.HasSuffix(k, "/") {
			t.Errorf("empty folder %s left in the output", k)
		}
	}
}

// checkSpareState: the spare's state, read against the output's state,
// says exactly which files the spare holds, with their hash, size and time.
func checkSpareState(t *testing.T, out string, step int) {
	t.Helper()
	pub := &Publisher{named: out, prev: LoadState(out)}
	pub.base = loadSpareState(beside(out, spareStateKind), StatePath(out))
	if pub.base == nil || pub.prev == nil {
		t.Fatalf("step %d: no spare state, or not one written against the state", step)
	}
	carried := map[string]bool{}
	for _, p := range pub.base.carried {
		carried[p] = true
	}
	listed := map[string]bool{}
	pub.spareFiles(func(p string) { listed[p] = true })
	spare := beside(out, spareKind)
	for p, content := range readTree(t, spare) {
		if strings.HasSuffix(p, "/") || carried[p] {
			continue
		}
		f, ok := pub.spareFile(p)
		st, err := os.Stat(filepath.Join(spare, p))
		sum := sha256.Sum256([]byte(content))
		switch {
		case !ok || !listed[p]:
			t.Errorf("step %d: the spare holds %s, which its state does not list", step, p)
		case err != nil || f.Size != st.Size() || f.ModTime != st.ModTime().UnixNano() || f.Hash != hex.EncodeToString(sum[:16]):
			t.Errorf("step %d: the spare's state has %s as %+v, not as it is", step, p, f)
		}
		delete(listed, p)
	}
	for p := range listed {
		t.Errorf("step %d: the spare's state lists %s, which the spare does not hold", step, p)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// keysDiff lists the entries of a that b lacks or holds otherwise.
func keysDiff(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			d = append(d, k+"="+v)
		}
	}
	slices.Sort(d)
	return d
}

// A build killed while it stages into the spare leaves a staging folder
// and no spare; the next build removes it and publishes the whole site.
func TestSpareKilledBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	v := func(n int) map[string]string {
		return map[string]string{"index.html": fmt.Sprint("home ", n), "a/index.html": "a", "b/index.html": fmt.Sprint("b ", n)}
	}
	build(t, out, "k1", Options{}, v(1))
	build(t, out, "k2", Options{}, v(2))
	p, err := New(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.base == nil {
		t.Fatal("the third build did not stage into the spare")
	}
	p.PublishMinified("index.html", []byte("half"))
	// Killed: neither Commit nor Abort runs.
	if _, err := os.Lstat(beside(out, spareKind)); err == nil {
		t.Error("the spare is still there while a build stages into it")
	}
	if _, err := os.Lstat(beside(out, spareStateKind)); err == nil {
		t.Error("the spare's state is still there while a build stages into it")
	}
	if !HasLeftovers(out) {
		t.Error("the killed build's staging folder is not seen as left over")
	}
	// Killed another time while writing the spare's state.
	tmp := beside(out, spareStateKind) + ".tmp"
	if err := os.WriteFile(tmp, []byte(spareMagic+"\nstate 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := Lock(out)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if HasLeftovers(out) {
		t.Error("Lock did not remove the killed build's staging folder")
	}
	if _, err := os.Lstat(tmp); err == nil {
		t.Error("Lock did not remove the spare state's temporary file")
	}
	build(t, out, "k3", Options{}, v(3))
	if got := readTree(t, out); !mapsEqual(got, v(3)) {
		t.Errorf("after the killed build: %v", got)
	}
}
