package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/publish"
)

// outSite writes a small valid site's inputs under dir and returns a
// configuration building it into out.
func outSite(t *testing.T, dir, out string) Config {
	t.Helper()
	csv := header +
		practiceRows("1-1000000001", "Alpha Surgery", "Oldham", "North West", "Good", "01/02/2024") +
		practiceRows("1-1000000002", "Beta Practice", "Leeds", "Yorkshire and The Humber", "Outstanding", "01/03/2025")
	writeFile(t, filepath.Join(dir, "data", "ratings", "latest.csv"), csv)
	writeFile(t, filepath.Join(dir, "content", "news", "2025-05-01-first.md"), "---\ntitle: First release\ndate: 2025-05-01\n---\nText.\n")
	none := filepath.Join(dir, "none")
	return Config{DataDir: filepath.Join(dir, "data"), ContentDir: filepath.Join(dir, "content"), TemplatesDir: none,
		AssetsDir: none, OutDir: out, BaseURL: "https://example.org/"}
}

// homeFolder makes the folder of the report: someone's files.
func homeFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{
		"Documents/thesis.txt": "four years of work",
		".ssh/id_rsa":          "-----BEGIN OPENSSH PRIVATE KEY-----",
		".bashrc":              "export PS1='$ '",
	}
	for p, c := range files {
		writeFile(t, filepath.Join(dir, p), c)
	}
	return files
}

func sameFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		if b, err := os.ReadFile(filepath.Join(dir, p)); err != nil || string(b) != c {
			t.Errorf("%s was changed or removed: %q %v", p, b, err)
		}
	}
}

// A folder that holds files and no state of ours is refused, directly or
// through a symbolic link, and nothing in it changes; -replace replaces it.
func TestRefusesFolderItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	files := homeFolder(t, home)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(home, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{home, link} {
		_, err := Build(context.Background(), outSite(t, dir, out))
		if err == nil {
			t.Fatalf("-out %s was accepted", out)
		}
		for _, want := range []string{".bashrc", ".ssh/id_rsa", "Documents/thesis.txt", "-replace", "did not write"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("-out %s: the error does not say %q: %v", out, want, err)
			}
		}
		sameFiles(t, home, files)
		if entries, _ := os.ReadDir(home); len(entries) != 3 {
			t.Errorf("-out %s: the folder now holds %d entries", out, len(entries))
		}
		if _, err := os.Stat(publish.StatePath(out)); err == nil {
			t.Errorf("-out %s: a state was written", out)
		}
	}
	// With -replace the folder becomes the site (through the link: the
	// link stays a link).
	cfg := outSite(t, dir, link)
	cfg.Replace = true
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, "Documents")); err == nil {
		t.Error("-replace kept the folder's files")
	}
	if _, err := os.Stat(filepath.Join(home, "index.html")); err != nil {
		t.Error("-replace did not build the site into the link's folder")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("-out the link is no longer a link")
	}
}

// Files that appear in the output folder of a previous build are kept,
// with their inode, through later builds that change the site.
func TestKeepsFilesItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{"CNAME": "ratings.example.org", ".well-known/security.txt": "Contact: x", "practices/notes.txt": "mine"}
	for p, c := range extra {
		writeFile(t, filepath.Join(out, p), c)
	}
	os.MkdirAll(filepath.Join(out, "empty"), 0o755)
	os.Remove(filepath.Join(dir, "content", "news", "2025-05-01-first.md"))
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, out, extra)
	if _, err := os.Stat(filepath.Join(out, "empty")); err != nil {
		t.Error("an empty folder the build did not make was removed")
	}
	if res.Kept != 3 || res.Removed == 0 {
		t.Errorf("kept %d files, removed %d; want 3 kept and the withdrawn release removed", res.Kept, res.Removed)
	}
	if _, err := os.Stat(filepath.Join(out, "news", "first")); err == nil {
		t.Error("the withdrawn release is still published")
	}
}

// A sub-folder of the output that is a link to a folder elsewhere is
// never followed: the build is refused before anything moves, and with
// -replace the link (not its target) is replaced.
func TestSymlinkedSubfolderNotFollowed(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(dir, "elsewhere")
	os.MkdirAll(elsewhere, 0o755)
	writeFile(t, filepath.Join(elsewhere, "precious.txt"), "keep")
	os.RemoveAll(filepath.Join(out, "practices"))
	if err := os.Symlink(elsewhere, filepath.Join(out, "practices")); err != nil {
		t.Fatal(err)
	}
	cfg.Force = true
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "practices") {
		t.Fatalf("err = %v, want a refusal naming practices", err)
	}
	cfg.Replace = true
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(out, "practices")); err != nil || !st.IsDir() {
		t.Errorf("practices is not a folder of the site: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "practices", "1-1000000001", "index.html")); err != nil {
		t.Error("the site was published without its practices")
	}
	entries, _ := os.ReadDir(elsewhere)
	if len(entries) != 1 || entries[0].Name() != "precious.txt" {
		t.Errorf("the link's target changed: %v", entries)
	}
}

// -out as a link to a folder: a file the build no longer makes goes.
func TestOutputSymlinkRemovesStale(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "site-v1")
	os.MkdirAll(real, 0o755)
	out := filepath.Join(dir, "public")
	if err := os.Symlink(real, out); err != nil {
		t.Fatal(err)
	}
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(real, "news", "first", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("the release was not built into the link's folder: %v", err)
	}
	os.Remove(filepath.Join(dir, "content", "news", "2025-05-01-first.md"))
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(page); err == nil {
		t.Error("a withdrawn release stays published through the link")
	}
	if st, err := os.Lstat(out); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("-out is no longer a link")
	}
}

// An output folder inside, equal to or containing an input folder is
// refused, also when a link hides it.
func TestRefusesOutputAmongInputs(t *testing.T) {
	dir := t.TempDir()
	cfg := outSite(t, dir, "")
	writeFile(t, filepath.Join(dir, "templates", "base.html"), "x")
	writeFile(t, filepath.Join(dir, "assets", "site.css"), "p{}")
	cfg.TemplatesDir, cfg.AssetsDir = filepath.Join(dir, "templates"), filepath.Join(dir, "assets")
	os.Symlink(filepath.Join(dir, "data"), filepath.Join(dir, "data-link"))
	os.Symlink(dir, filepath.Join(dir, "root-link"))
	for _, out := range []string{
		filepath.Join(dir, "data"), filepath.Join(dir, "data", "ratings"), filepath.Join(dir, "content", "news"),
		filepath.Join(dir, "templates", "x"), filepath.Join(dir, "assets"), dir,
		filepath.Join(dir, "data-link", "ratings"), filepath.Join(dir, "data-link"), filepath.Join(dir, "root-link"),
		filepath.Join(dir, "root-link", "content", "new-folder"),
	} {
		c := cfg
		c.OutDir, c.Replace = out, true
		if _, err := Build(context.Background(), c); err == nil || !strings.Contains(err.Error(), "folder of its own") {
			t.Errorf("-out %s: err = %v, want a refusal", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "ratings", "latest.csv")); err != nil {
		t.Fatal("an input was destroyed")
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "news", "new-folder")); err == nil {
		t.Error("a folder was made among the inputs")
	}
}

// Staging folders a killed build left are removed by the next build and
// never published; an old tree left by a killed fallback switch is put
// back.
func TestLeftoversCleaned(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{".public.ratingsite-stage-123", ".public.tmp-456"} {
		writeFile(t, filepath.Join(dir, n, "index.html"), "half a build")
	}
	writeFile(t, publish.StatePath(out)+".tmp", "ratingsite-state 1\nkey half")
	res, err := Build(context.Background(), cfg) // skipped: nothing changed
	if err != nil || !res.Skipped {
		t.Fatalf("res %+v, err %v", res, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "-stage-") || strings.Contains(e.Name(), ".tmp") {
			t.Errorf("%s was left", e.Name())
		}
	}
	// The fallback switch was killed between its two renames.
	if err := os.Rename(out, filepath.Join(dir, ".public.ratingsite-old-789")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ".public.ratingsite-stage-789", "index.html"), "half a build")
	if res, err = Build(context.Background(), cfg); err != nil || !res.Skipped {
		t.Fatalf("after a killed fallback switch: res %+v, err %v; want the old site back and nothing to do", res, err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); strings.Contains(string(b), "half a build") {
		t.Error("a staging folder was published")
	}
}

// Two builds into one folder never interleave: while one holds the lock a
// second is refused, saying why.
func TestLockRefusesSecondBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := outSite(t, dir, out)
	unlock, err := publish.Lock(out)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "another build into") {
		t.Errorf("err = %v, want a refusal while another build holds the lock", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the refused build wrote the output")
	}
	unlock()
	// Builds at once from goroutines: each either finishes or is refused,
	// and the result is one whole site.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			c := cfg
			c.Force = true
			_, errs[i] = Build(context.Background(), c)
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !strings.Contains(err.Error(), "another build into"):
			t.Errorf("concurrent build: %v", err)
		}
	}
	if ok == 0 {
		t.Error("no concurrent build finished")
	}
	clean := filepath.Join(dir, "clean")
	c := cfg
	c.OutDir = clean
	if _, err := Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if d := diffSites(t, out, clean); d != "" {
		t.Errorf("after concurrent builds the site differs from a clean one: %s", d)
	}
}

// diffSites names a file that differs between two built sites.
func diffSites(t *testing.T, a, b string) string {
	sa, sb := snapshot(t, a), snapshot(t, b)
	for p, f := range sa {
		if g, ok := sb[p]; !ok || g.data != f.data {
			return p
		}
	}
	for p := range sb {
		if _, ok := sa[p]; !ok {
			return p
		}
	}
	return ""
}

// If the state cannot be recorded, nothing is switched: the site, its
// state and changed.txt are as they were, and no .tmp is left.
func TestStateFailureChangesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	state, _ := os.ReadFile(publish.StatePath(out))
	// A folder where the temporary state file goes makes writing it fail.
	os.MkdirAll(publish.StatePath(out)+".tmp/x", 0o755)
	os.Remove(filepath.Join(dir, "content", "news", "2025-05-01-first.md"))
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "Nothing was changed") {
		t.Fatalf("err = %v, want a failure saying nothing was changed", err)
	}
	if d := diffSnap(before, snapshot(t, out)); d != "" {
		t.Errorf("the site changed at %s", d)
	}
	if now, _ := os.ReadFile(publish.StatePath(out)); string(now) != string(state) {
		t.Error("the state changed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "-stage-") {
			t.Errorf("%s was left", e.Name())
		}
	}
	os.RemoveAll(publish.StatePath(out) + ".tmp")
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	changed, _ := os.ReadFile(publish.ChangedPath(out))
	if !strings.Contains(string(changed), "news/first/index.html\n") {
		t.Errorf("changed.txt does not list the removed release:\n%s", changed)
	}
}

func diffSnap(a, b map[string]struct {
	data string
	mod  time.Time
}) string {
	for p, f := range a {
		if g, ok := b[p]; !ok || g != f {
			return p
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			return p
		}
	}
	return ""
}

// mount mounts a tmpfs of size at dir for the test, or skips it with the
// reason where that is not allowed (it needs root).
func mount(t *testing.T, dir, opts string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("this test needs to mount a small tmpfs (root, or a container that allows mount), and cannot here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// A full disk: one clear message naming the folder, what was needed and
// what was free; the old site and state untouched; staging removed.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	disk := filepath.Join(dir, "disk")
	mount(t, disk, "size=2m")
	out := filepath.Join(disk, "public")
	cfg := outSite(t, dir, out)
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	state, _ := os.ReadFile(publish.StatePath(out))
	// Fill the disk but about 100 kB (enough for the state, not for a
	// new site), then change every page.
	filler := filepath.Join(disk, "filler")
	f, _ := os.Create(filler)
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	f.Close()
	os.Truncate(filler, func() int64 { st, _ := os.Stat(filler); return st.Size() - 100<<10 }())
	cfg.BaseURL = "https://other.example.org/"
	_, err := Build(context.Background(), cfg)
	if err == nil {
		t.Fatal("a build that does not fit succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"not enough space", out, "needs about", "is free", "Nothing was changed"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message does not say %q: %s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n"); n > 0 || strings.Count(msg, "index.html") > 1 {
		t.Errorf("want one message, got:\n%s", msg)
	}
	if d := diffSnap(before, snapshot(t, out)); d != "" {
		t.Errorf("the site changed at %s", d)
	}
	if now, _ := os.ReadFile(publish.StatePath(out)); string(now) != string(state) {
		t.Error("the state changed")
	}
	entries, _ := os.ReadDir(disk)
	for _, e := range entries {
		if strings.Contains(e.Name(), "-stage-") || strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("%s was left", e.Name())
		}
	}
	fmt.Fprintln(os.Stderr, "disk-full message:", msg)
}

// -out that is a mount point, or on a read-only file system: a clear
// error before anything is moved.
func TestMountPointAndReadOnly(t *testing.T) {
	dir := t.TempDir()
	mnt := filepath.Join(dir, "mnt")
	mount(t, mnt, "size=8m")
	cfg := outSite(t, dir, mnt)
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "mount point") {
		t.Errorf("-out a mount point: err = %v", err)
	}
	// A folder inside the mount works, and then the mount turns read-only.
	cfg.OutDir = filepath.Join(mnt, "site")
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, cfg.OutDir)
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	cfg.BaseURL = "https://other.example.org/"
	_, err = Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("-out on a read-only file system: err = %v", err)
	}
	if d := diffSnap(before, snapshot(t, cfg.OutDir)); d != "" {
		t.Errorf("the site changed at %s", d)
	}
	if errors.Is(err, ErrInvalidInput) {
		t.Error("a read-only output is not an input error")
	}
}
