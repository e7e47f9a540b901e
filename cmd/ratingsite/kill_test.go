package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"ratingsite/internal/publish"
	"ratingsite/internal/sample"

	"ratingsite/internal/fixture"
)

// TestMain lets a test run this test binary as the command itself
// (RATINGSITE_RUN_MAIN=1), so the kill and signal tests need no separate
// build of the program.
func TestMain(m *testing.M) {
	if os.Getenv("RATINGSITE_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// command returns the program as a process running args.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, args...)
	c.Env = append(os.Environ(), "RATINGSITE_RUN_MAIN=1")
	return c
}

// killSites makes the inputs of two sites A and B that share most of
// their files (B has fewer practices, so it removes some, changes the
// lists and keeps most pages), builds A into work/public, and returns the
// build arguments for B's data and every file of A and B.
type killSites struct {
	dir      string
	argsA    []string
	argsB    []string
	siteA    map[string]string // path → SHA-256
	siteB    map[string]string
	pristine string // work folder holding A and its state, to copy from
	// spared is pristine after a second build of A: it also holds the
	// spare (A's tree again), which the next build stages into.
	spared     string
	practicesA int
	spare      bool // reset copies spared, not pristine
}

func makeKillSites(t *testing.T, n int) *killSites {
	t.Helper()
	dir := t.TempDir()
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	k := &killSites{dir: dir, practicesA: n}
	none := filepath.Join(dir, "none")
	common := []string{"-quiet", "-content", none, "-templates", none, "-assets", none, "-base-url", "https://example.org/"}
	for i, m := range []int{n, n - n/20} {
		data := filepath.Join(dir, fmt.Sprintf("data%d", i))
		if _, err := sample.WriteDir(data, sample.Options{Practices: m, Seed: 1, Month: month, BOMCRLF: true}, 12); err != nil {
			t.Fatal(err)
		}
		// These tests are about the publisher: without outlines the map
		// images, a quarter of each build's CPU, are quicker to draw.
		if err := os.RemoveAll(filepath.Join(data, "boundaries")); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"build", "-data", data}, common...)
		ref := filepath.Join(dir, fmt.Sprintf("ref%d", i), "public")
		if code, _, stderr := runCmd(t, append(args, "-out", ref)...); code != 0 {
			t.Fatalf("building site %d: %s", i, stderr)
		}
		if i == 0 {
			k.argsA, k.siteA = args, hashTree(t, ref)
			k.pristine = filepath.Dir(ref)
			k.spared = filepath.Join(dir, "spared")
			if out, err := exec.Command("cp", "-a", k.pristine, k.spared).CombinedOutput(); err != nil {
				t.Fatalf("cp: %v %s", err, out)
			}
			if code, _, stderr := runCmd(t, append(args, "-out", filepath.Join(k.spared, "public"), "-force")...); code != 0 {
				t.Fatalf("building site %d again: %s", i, stderr)
			}
			if _, err := os.Stat(filepath.Join(k.spared, ".public.ratingsite-spare")); err != nil {
				t.Fatalf("the second build of site A left no spare: %v", err)
			}
		} else {
			k.argsB, k.siteB = args, hashTree(t, ref)
		}
	}
	return k
}

// reset makes work/public site A again, with its state (and with
// k.spare, its spare), and returns it.
func (k *killSites) reset(t *testing.T) string {
	t.Helper()
	work := filepath.Join(k.dir, "work")
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	from := k.pristine
	if k.spare {
		from = k.spared
	}
	if out, err := exec.Command("cp", "-a", from, work).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return filepath.Join(work, "public")
}

// hashTree maps every file under root to its SHA-256.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		m[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return m
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for p, h := range a {
		if b[p] != h {
			return false
		}
	}
	return true
}

// checkAfterKill proves that out is one of the two whole sites, then that
// the next build completes, leaves site B and tidies, and that the one
// after that finds nothing to do.
func (k *killSites) checkAfterKill(t *testing.T, what, out string) {
	t.Helper()
	got := hashTree(t, out)
	switch {
	case sameTree(got, k.siteA):
	case sameTree(got, k.siteB):
	default:
		t.Errorf("%s: -out is neither the old site nor the new one (%d files; the sites have %d and %d)", what, len(got), len(k.siteA), len(k.siteB))
	}
	if code, _, stderr := runCmd(t, append(k.argsB, "-out", out)...); code != 0 {
		t.Fatalf("%s: the next build failed: %s", what, stderr)
	}
	if !sameTree(hashTree(t, out), k.siteB) {
		t.Errorf("%s: after the next build -out is not the new site", what)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), "-stage-") || strings.Contains(e.Name(), "-old-") || strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("%s: the next build left %s", what, e.Name())
		}
	}
	code, stdout, _ := runCmd(t, append(slicesWithout(k.argsB, "-quiet"), "-out", out)...)
	if code != 0 || !strings.Contains(stdout, "Nothing changed") {
		t.Errorf("%s: the build after that did not find the site whole and unchanged: %q", what, stdout)
	}
}

func slicesWithout(s []string, drop string) []string {
	var out []string
	for _, v := range s {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

// needStrace returns strace's path, or skips the test where it is not
// installed (it fails in CI, which installs it in .ci/setup).
func needStrace(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("strace")
	if err == nil {
		// strace needs ptrace, which some containers forbid.
		if out, err := exec.Command(p, "-f", "-qq", "-o", "/dev/null", "true").CombinedOutput(); err != nil {
			err = fmt.Errorf("%v: %s", err, out)
		}
	}
	if err != nil {
		fixture.Skipf(t, "the kill test needs a working strace (apt-get install strace; .ci/setup installs it for CI): %v", err)
	}
	return p
}

// killed reports whether the process ended by SIGKILL.
func killed(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// TestKillAtAnyMoment kills `build` with SIGKILL in the middle of
// replacing a site and proves that -out is always one of the two whole
// sites and that the next build completes it. strace injects the kill at
// the Nth call of a system call. The build's writes are few kinds of
// call: renameat (os.Rename: the state, changed.txt and the spare) and
// renameat2 (the switch), and the linkat, mkdirat and unlinkat that make
// the new tree or bring the spare up to date. Where a build makes at
// most eight calls of a kind, each is a point; for the others N is 3,
// 40, 400 and 4,000 where the build makes that many, and half and nearly
// all of the real count (measured first with strace -c), so the kill
// falls early, midway and late in each phase. It does this for a first
// rebuild (a new tree of links, the old tree kept as the spare) and for
// a rebuild into the spare. strace counts calls per thread, so a point is
// the Nth call made by one thread, and a point no thread reaches lets the
// build finish; the test logs which points were reached and needs most of
// them.
func TestKillAtAnyMoment(t *testing.T) {
	strace := needStrace(t)
	k := makeKillSites(t, 700)
	t.Logf("sites: %d and %d files", len(k.siteA), len(k.siteB))
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Two kinds of build from A to B: the first rebuild, which makes a
	// new tree (links, folders) and keeps the old one as the spare; and
	// a rebuild into the spare, which removes and writes what changed.
	for _, sc := range []struct {
		name  string
		spare bool
		bulk  []string // calls made about once a file, which must be many
	}{
		{"first rebuild", false, []string{"linkat", "mkdirat"}},
		{"rebuild into the spare", true, []string{"unlinkat"}},
	} {
		k.spare = sc.spare
		// Count the calls of one build from A to B.
		out := k.reset(t)
		counts := filepath.Join(k.dir, "counts")
		c := command(context.Background(), strace, append([]string{"-f", "-c", "-o", counts, "-e", "trace=renameat,renameat2,linkat,mkdirat,unlinkat", self}, append(k.argsB, "-out", out)...)...)
		if b, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s: counting: %v %s", sc.name, err, b)
		}
		total := map[string]int{}
		table, _ := os.ReadFile(counts)
		for _, line := range strings.Split(string(table), "\n") {
			f := strings.Fields(line)
			if len(f) >= 5 {
				var n int
				fmt.Sscan(f[3], &n)
				total[f[len(f)-1]] = n
			}
		}
		t.Logf("%s: system calls: %v", sc.name, total)
		type point struct {
			calls string
			when  int
		}
		var points []point
		for _, calls := range []string{"renameat", "renameat2", "linkat", "mkdirat", "unlinkat"} {
			n := total[calls]
			if slices.Contains(sc.bulk, calls) && n < 10 {
				t.Fatalf("%s: the build made only %d %s calls: is the site too small?", sc.name, n, calls)
			}
			if n <= 8 {
				// Few calls (the renames, or a handful of links or
				// removals): each is a point.
				for w := 1; w <= n; w++ {
					points = append(points, point{calls, w})
				}
				continue
			}
			for _, w := range []int{3, 40, 400, 4000, n / 2, n - 3} {
				if w < n && !slices.Contains(points, point{calls, w}) {
					points = append(points, point{calls, w})
				}
			}
		}
		reached := 0
		for _, p := range points {
			out := k.reset(t)
			what := fmt.Sprintf("%s: kill at %s #%d", sc.name, p.calls, p.when)
			args := append([]string{"-f", "-qq", "-o", "/dev/null", "-e", "trace=" + p.calls,
				"-e", fmt.Sprintf("inject=%s:signal=KILL:when=%d", p.calls, p.when), self}, append(k.argsB, "-out", out)...)
			c := command(context.Background(), strace, args...)
			var stderr bytes.Buffer
			c.Stderr = &stderr
			err := c.Run()
			switch {
			case killed(err):
				reached++
			case err == nil:
				t.Logf("%s: not reached (no thread made that many calls); the build finished", what)
			default:
				t.Fatalf("%s: %v\n%s", what, err, stderr.String())
			}
			k.checkAfterKill(t, what, out)
		}
		if reached < len(points)/2 {
			t.Errorf("%s: only %d of %d kill points were reached", sc.name, reached, len(points))
		}
		t.Logf("%s: %d of %d kill points reached", sc.name, reached, len(points))
	}

	// Random moments: time one build, then kill others at random points of
	// that span.
	k.spare = false
	out := k.reset(t)
	start := time.Now()
	if code, _, stderr := runCmd(t, append(k.argsB, "-out", out, "-force")...); code != 0 {
		t.Fatal(stderr)
	}
	span := time.Since(start)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for i := range 6 {
		k.spare = i%2 == 1
		out := k.reset(t)
		delay := time.Duration(rng.Int64N(int64(span)))
		c := command(context.Background(), self, append(k.argsB, "-out", out)...)
		c.Stdout, c.Stderr = io.Discard, io.Discard
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		k.checkAfterKill(t, fmt.Sprintf("random kill %d after %v", i, delay.Round(time.Millisecond)), out)
	}
}

// TestSIGTERM: build stops on SIGTERM as on SIGINT, removes its staging
// folder and leaves the site as it was.
func TestSIGTERM(t *testing.T) {
	k := makeKillSites(t, 1500)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := k.reset(t)
	c := command(context.Background(), self, append(k.argsB, "-out", out, "-force")...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the staging folder, then send SIGTERM.
	stage := ""
	for deadline := time.Now().Add(time.Minute); stage == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		entries, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range entries {
			if strings.Contains(e.Name(), "-stage-") {
				stage = e.Name()
			}
		}
	}
	if stage == "" {
		t.Fatal("the build made no staging folder")
	}
	c.Process.Signal(syscall.SIGTERM)
	err = c.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("after SIGTERM: %v (want exit status 1, the build stopped)\n%s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), stage)); err == nil {
		t.Errorf("the staging folder %s was left", stage)
	}
	if !sameTree(hashTree(t, out), k.siteA) {
		t.Error("the site changed")
	}
	if _, err := os.Stat(publish.StatePath(out)); err != nil {
		t.Error("the state is gone")
	}
}
