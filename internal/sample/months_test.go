package sample

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/enforcement"
	"ratingsite/internal/diag"
)

// TestMonths: with three months, the earlier files list the closed
// practices too, and some practices show an earlier rating there; the
// enforcement file reads without a problem and names only practices of
// the files.
func TestMonths(t *testing.T) {
	dir := t.TempDir()
	opt := repoOpt
	opt.Months = 3
	s, err := WriteDir(dir, opt, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.EarlierFiles) != 2 || !strings.HasSuffix(s.EarlierFiles[0], "latest-ratings-2026-08.csv") || !strings.HasSuffix(s.EarlierFiles[1], "latest-ratings-2026-09.csv") {
		t.Fatalf("earlier files %v", s.EarlierFiles)
	}
	overall := func(file string) map[string]string {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range practices(parseCSV(t, b)) {
			m[r.get("Location ID")] = r.get("Latest Rating") + " " + r.get("Publication Date")
		}
		return m
	}
	newest := overall(s.RatingsFile)
	ids := map[string]bool{}
	for id := range newest {
		ids[id] = true
	}
	for _, f := range s.EarlierFiles {
		m := overall(f)
		gone, changed := 0, 0
		for id, v := range m {
			ids[id] = true
			if w, ok := newest[id]; !ok {
				gone++
			} else if w != v {
				changed++
			}
		}
		if len(m) != len(newest)+ClosedPractices(opt.Practices) || gone != ClosedPractices(opt.Practices) || changed == 0 {
			t.Errorf("%s: %d practices, %d not in the newest month, %d with another rating", f, len(m), gone, changed)
		}
	}
	var p diag.List
	b, _ := os.ReadFile(s.EnforcementFile)
	acts := enforcement.Read(bytes.NewReader(b), s.EnforcementFile, &p)
	if len(p.All()) > 0 || len(acts) != s.EnforcementRows || len(acts) == 0 {
		t.Errorf("enforcement: %d actions (summary %d), problems %v", len(acts), s.EnforcementRows, p.All())
	}
	kinds := map[cqc.ActionKind]bool{}
	for _, a := range acts {
		kinds[a.Kind] = true
		if !ids[a.LocationID] {
			t.Errorf("enforcement names %s, in no ratings file", a.LocationID)
		}
	}
	if len(kinds) != 5 {
		t.Errorf("enforcement has %d kinds of action, want all 5", len(kinds))
	}
}

// TestOneMonthUnchanged: a one-month sample (the benchmarks') is the same
// file whether Months is 0 or 1, and has no earlier files.
func TestOneMonthUnchanged(t *testing.T) {
	a, b := repoOpt, repoOpt
	a.Months, b.Months = 0, 1
	if !bytes.Equal(genCSV(t, a), genCSV(t, b)) {
		t.Error("Months 0 and 1 differ")
	}
	dir := t.TempDir()
	s, err := WriteDir(dir, a, 2)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "ratings", "*.csv"))
	if len(files) != 1 || len(s.EarlierFiles) != 0 {
		t.Errorf("files %v", files)
	}
}
