package history

import (
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
)

func day(s string) rating.Day {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return rating.DayOf(t)
}

// TestActionStatus: what the page says of each enforcement action: a
// special-measures placement is in effect until a better overall rating
// is published or a newer placement supersedes it, whichever came first;
// the other actions have no known end in the data.
func TestActionStatus(t *testing.T) {
	placed := cqc.Action{Kind: cqc.SpecialMeasures, Date: day("2023-03-01")}
	for _, tc := range []struct {
		name string
		make func(p *site.Practice) *cqc.Action
		want string
	}{
		{"still in special measures", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{placed}
			p.SpecialMeasures = &p.Actions[0]
			return &p.Actions[0]
		}, "In effect: CQC has published no overall rating better than Inadequate since."},
		{"ended by a Good rating", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{placed}
			p.Timeline = []site.Rated{{Published: day("2022-01-10"), Overall: rating.Inadequate}, {Published: day("2023-09-20"), Overall: rating.Good}}
			return &p.Actions[0]
		}, "Ended 20 September 2023, when CQC published an overall rating of Good."},
		{"a rating no better does not end it", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{placed}
			p.Timeline = []site.Rated{{Published: day("2023-09-20"), Overall: rating.Inadequate}}
			return &p.Actions[0]
		}, "No longer in effect; the data does not say when it ended."},
		{"superseded before any better rating", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{{Kind: cqc.SpecialMeasures, Date: day("2023-06-01")}, placed}
			p.Timeline = []site.Rated{{Published: day("2023-09-20"), Overall: rating.RequiresImprovement}}
			return &p.Actions[1]
		}, "Superseded on 1 June 2023 by a newer special-measures action."},
		{"ended before a newer placement", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{{Kind: cqc.SpecialMeasures, Date: day("2024-02-01")}, placed}
			p.Timeline = []site.Rated{{Published: day("2023-09-20"), Overall: rating.RequiresImprovement}}
			return &p.Actions[1]
		}, "Ended 20 September 2023, when CQC published an overall rating of Requires improvement."},
		{"closed", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{placed}
			p.ClosedWhy = site.ClosedDeregistered
			return &p.Actions[0]
		}, "Ended when the practice closed or was deregistered."},
		{"a warning notice", func(p *site.Practice) *cqc.Action {
			p.Actions = []cqc.Action{{Kind: cqc.WarningNotice, Date: day("2023-03-01")}}
			return &p.Actions[0]
		}, "The data this site holds does not say whether or when this action ended."},
	} {
		p := &site.Practice{}
		p.ID = "1-123"
		a := tc.make(p)
		if got := actionRow(p, a).Status; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestNoticeLink: a link to the practice's own CQC page is not a notice;
// anything but an http or https link is dropped.
func TestNoticeLink(t *testing.T) {
	for _, tc := range []struct{ source, notice, page string }{
		{"https://www.cqc.org.uk/sites/default/files/notice.pdf", "https://www.cqc.org.uk/sites/default/files/notice.pdf", "https://www.cqc.org.uk/location/1-123"},
		{"https://www.cqc.org.uk/location/1-123/", "", "https://www.cqc.org.uk/location/1-123/"},
		{"javascript:alert(1)", "", "https://www.cqc.org.uk/location/1-123"},
		{"", "", "https://www.cqc.org.uk/location/1-123"},
	} {
		notice, page := NoticeLink("1-123", tc.source)
		if notice != tc.notice || page != tc.page {
			t.Errorf("NoticeLink(%q) = %q, %q; want %q, %q", tc.source, notice, page, tc.notice, tc.page)
		}
	}
}

// TestClosedWords: a closed practice's page says what happened and since
// when, in the past tense; an open one says nothing.
func TestClosedWords(t *testing.T) {
	p := &site.Practice{}
	if ClosedHead(p) != "" || ClosedText(p) != "" {
		t.Error("an open practice has closed words")
	}
	p.ClosedWhy, p.ClosedOn = site.ClosedMissing, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	if h := ClosedHead(p); h != "Closed: not in CQC's data since April 2026" {
		t.Errorf("head %q", h)
	}
	if s := ClosedText(p); !strings.Contains(s, "April 2026 or later") {
		t.Errorf("text %q", s)
	}
	p.ClosedWhy = site.ClosedDeregistered
	if h := ClosedHead(p); h != "Deregistered on 1 April 2026" {
		t.Errorf("head %q", h)
	}
}
