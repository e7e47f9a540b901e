package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"ratingsite/internal/sample"
)

// buildInto builds data (with the repository's templates and assets and
// content, or none) into memory.
func buildInto(t *testing.T, data, content string) (fs.FS, *Result) {
	t.Helper()
	cfg := sampleInputs(t, "https://example.org/")
	cfg.DataDir = data
	if content == "" {
		cfg.Content = fstest.MapFS{}
	} else {
		cfg.ContentDir = content
	}
	return buildMem(t, cfg)
}

// sameTree fails unless sites a and b hold the same files, byte for byte.
func sameTree(t *testing.T, a, b fs.FS) {
	t.Helper()
	if n, _ := fs.Glob(a, "*"); len(n) == 0 {
		t.Error("the site is empty")
	}
	diffs := compareTrees(a, b)
	for i, d := range diffs {
		if i == 5 {
			t.Errorf("and %d more differences", len(diffs)-5)
			break
		}
		t.Error(d)
	}
}

// TestSameSiteFromEachFormat: the same data as CSV, ODS and XLSX builds
// byte-identical sites.
func TestSameSiteFromEachFormat(t *testing.T) {
	opt := sample.Options{Practices: 40, Seed: 5, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), BOMCRLF: true, Months: 2}
	var outs []fs.FS
	for _, f := range []string{"csv", "ods", "xlsx"} {
		dir := t.TempDir()
		opt.Format = f
		if _, err := sample.WriteDir(dir, opt, 4); err != nil {
			t.Fatal(err)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "ratings", "*."+f)); len(m) != 2 {
			t.Fatalf("%s: ratings files %v", f, m)
		}
		out, _ := buildInto(t, dir, "")
		outs = append(outs, out)
	}
	sameTree(t, outs[0], outs[1])
	sameTree(t, outs[0], outs[2])
}

// TestRepoSampleFormats: the repository's sample, which holds one month
// as ODS (made by LibreOffice) and one as XLSX (excelize), builds the same
// site as the same data all as CSV, which the generator writes.
func TestRepoSampleFormats(t *testing.T) {
	root := repoRoot(t)
	for _, name := range []string{"01_September_2026_Latest_ratings.ods", "latest-ratings-2026-08.xlsx", "latest-ratings-2026-10.csv"} {
		if _, err := os.Stat(filepath.Join(root, "data", "ratings", name)); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if _, err := sample.WriteDir(dir, sample.Options{Practices: 300, Seed: 1, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), BOMCRLF: true, Months: 3}, 12); err != nil {
		t.Fatal(err)
	}
	a, _ := buildSample(t, "https://example.org/")
	b, res := buildInto(t, dir, filepath.Join(root, "content"))
	sameTree(t, a, b)
	// A regenerated sample builds without warnings, as the shipped one.
	for _, w := range res.Problems.Warnings() {
		t.Errorf("the regenerated sample builds with a warning: %v", w)
	}
}

// TestNationalStyleODS: a 6,000-practice ODS named as CQC names it builds
// the same site as the CSV, and the month comes from its name (November,
// though its newest publication is in October).
func TestNationalStyleODS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 6,000 practices twice")
	}
	opt := sample.Options{Practices: 6000, Seed: 11, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	var outs []fs.FS
	for _, tc := range []struct{ format, name string }{{"csv", "latest-ratings-2026-11.csv"}, {"ods", "01_November_2026_Latest_ratings.ods"}} {
		dir := t.TempDir()
		opt.Format = tc.format
		s, err := sample.WriteDir(dir, opt, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(s.RatingsFile, filepath.Join(dir, "ratings", tc.name)); err != nil {
			t.Fatal(err)
		}
		out, res := buildInto(t, dir, "")
		if res.Month != "November 2026" || !res.MonthFromName || filepath.Base(res.MonthFile) != tc.name {
			t.Errorf("%s: month %q from name %v (%s)", tc.name, res.Month, res.MonthFromName, res.MonthFile)
		}
		if res.Practices < 5900 {
			t.Errorf("%s: %d practices", tc.name, res.Practices)
		}
		outs = append(outs, out)
	}
	sameTree(t, outs[0], outs[1])
}
