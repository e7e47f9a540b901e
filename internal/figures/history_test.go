package figures

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

func hday(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// rated is a GP practice in file rated v on date.
func rated(file, id, region string, v rating.Value, date string) *cqc.Location {
	l := &cqc.Location{File: file, Line: 2, ID: id, Name: "P " + id, Region: region, LocalAuthority: region + " LA", Category: cqc.GPPractices, Registered: true}
	l.Ratings[rating.Whole][rating.Overall] = rating.Cell{Value: v, Published: rating.DayOf(hday(date))}
	return l
}

// TestImprovement builds random histories over three monthly files and
// checks the transitions and the improved and declined shares against a
// count made here, from the inputs, without the model's timelines.
func TestImprovement(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 2026))
	values := []rating.Value{rating.Outstanding, rating.Good, rating.RequiresImprovement, rating.Inadequate, rating.InspectedNotRated}
	dates := []string{"2019-05-01", "2024-02-01", "2026-08-10", "2026-09-10", "2026-10-10"}
	var in []*cqc.Location
	type truth struct{ first, latest rating.Value }
	want := map[string]truth{}
	var trans [4][4]int
	poor, improved, good, declined, once := 0, 0, 0, 0, 0
	for i := range 400 {
		id := fmt.Sprintf("1-%d", 1000+i)
		region := []string{"North West", "London"}[i%2]
		// Months 08, 09, 10: each month the practice keeps its rating or
		// gets a new one published in that month.
		v, d := values[r.IntN(len(values))], dates[r.IntN(2)]
		var seq []rating.Value
		var seen []string
		for m, file := range []string{"r/2026-08.csv", "r/2026-09.csv", "r/2026-10.csv"} {
			if m > 0 && r.IntN(3) == 0 {
				v, d = values[r.IntN(len(values))], dates[2+m]
			}
			in = append(in, rated(file, id, region, v, d))
			if len(seen) == 0 || seen[len(seen)-1] != d {
				seen = append(seen, d)
				if v.IsRating() {
					seq = append(seq, v)
				}
			}
		}
		if len(seq) == 0 {
			continue
		}
		first, latest := seq[0], seq[len(seq)-1]
		if len(seq) == 1 {
			once++
			continue
		}
		want[id] = truth{first, latest}
		trans[first.Index()][latest.Index()]++
		if first == rating.RequiresImprovement || first == rating.Inadequate {
			poor++
			if latest.Index() < first.Index() {
				improved++
			}
		} else {
			good++
			if latest.Index() > first.Index() {
				declined++
			}
		}
	}
	var p diag.List
	s := site.New(site.Input{Ratings: in}, &p)
	if p.HasErrors() {
		t.Fatal(p.All())
	}
	f := Compute(s)
	m := f.History.National.Improvement
	if m.Transitions != trans {
		t.Errorf("transitions\n got %v\nwant %v", m.Transitions, trans)
	}
	if m.FirstPoor != poor || m.Improved != improved || m.FirstGood != good || m.Declined != declined || m.RatedOnce != once || m.ReInspected != len(want) {
		t.Errorf("got %+v; want poor %d improved %d good %d declined %d once %d reinspected %d", m, poor, improved, good, declined, once, len(want))
	}
	if poor == 0 || improved == 0 || declined == 0 {
		t.Fatalf("the test data has no improvement or decline: %d %d %d", poor, improved, declined)
	}
	// The CQC-style share, computed here with floating point.
	pct := int(float64(improved)*100/float64(poor) + 0.5)
	if got := m.ImprovedShare(); got.Percent != pct || got.Label() != fmt.Sprintf("%d%%", pct) {
		t.Errorf("improved share %+v (%s), want %d%%", got, got.Label(), pct)
	}
	// Regions add up to the nation.
	var sum Improvement
	for _, sc := range f.Regions {
		r := f.History.Of(sc.Area).Improvement
		sum.FirstPoor += r.FirstPoor
		sum.Improved += r.Improved
		sum.ReInspected += r.ReInspected
	}
	if sum.FirstPoor != poor || sum.Improved != improved || sum.ReInspected != len(want) {
		t.Errorf("regions add up to %+v", sum)
	}
}

func TestRatio(t *testing.T) {
	for _, tt := range []struct {
		count, of int
		want      string
	}{{0, 0, ""}, {82, 100, "82%"}, {1, 3, ""}, {1, 2, ""}, {1, 8, "13%"}, {1, 1000, "<1%"}, {999, 1000, ">99%"}, {5, 5, "100%"}} {
		if got := NewRatio(tt.count, tt.of).Label(); got != tt.want {
			t.Errorf("NewRatio(%d, %d) = %q, want %q", tt.count, tt.of, got, tt.want)
		}
	}
}

// TestOverdueEdges: a practice is overdue only after its expected date,
// counted from the data's date (the newest publication), never the clock.
func TestOverdueEdges(t *testing.T) {
	for _, tt := range []struct {
		v        rating.Value
		rated    string
		dataDate string
		overdue  bool
		dueBy    string
	}{
		{rating.Inadequate, "2026-03-15", "2026-09-15", false, "2026-09-15"},          // exactly 6 months: due today
		{rating.Inadequate, "2026-03-15", "2026-09-16", true, "2026-09-15"},           // a day later
		{rating.RequiresImprovement, "2025-10-20", "2026-10-20", false, "2026-10-20"}, // exactly 12 months
		{rating.RequiresImprovement, "2025-10-20", "2026-10-21", true, "2026-10-20"},
		{rating.Inadequate, "2026-03-31", "2026-09-30", false, "2026-09-30"}, // 31 March + 6 months: 30 September
		{rating.Inadequate, "2025-08-31", "2026-02-28", false, "2026-02-28"}, // clamped to February's end
		{rating.Inadequate, "2025-08-31", "2026-03-01", true, "2026-02-28"},
		{rating.Good, "2021-02-28", "2026-02-28", false, "2026-02-28"}, // 5 years
		{rating.Good, "2021-02-28", "2026-03-01", true, "2026-02-28"},
	} {
		var p diag.List
		s := site.New(site.Input{Ratings: []*cqc.Location{
			rated("r.csv", "1-1", "London", tt.v, tt.rated),
			rated("r.csv", "1-2", "London", rating.InspectedNotRated, tt.dataDate), // sets the data's date
		}}, &p)
		h := Compute(s).History
		if !s.DataDate.Equal(hday(tt.dataDate)) {
			t.Fatalf("data date %v", s.DataDate)
		}
		if got := len(h.National.Overdue) == 1; got != tt.overdue {
			t.Errorf("%v rated %s, data of %s: overdue = %v, want %v", tt.v, tt.rated, tt.dataDate, got, tt.overdue)
		}
		if tt.overdue {
			o := h.National.Overdue[0]
			if o.DueBy.Format("2006-01-02") != tt.dueBy || o.DaysLate != int(hday(tt.dataDate).Sub(hday(tt.dueBy)).Hours()/24) {
				t.Errorf("%v rated %s: %+v, want due by %s", tt.v, tt.rated, o, tt.dueBy)
			}
		}
		if by, _ := tt.v.DueBy(hday(tt.rated)); by.Format("2006-01-02") != tt.dueBy {
			t.Errorf("%v.DueBy(%s) = %s, want %s", tt.v, tt.rated, by.Format("2006-01-02"), tt.dueBy)
		}
	}
}
