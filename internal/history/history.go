package history

import (
	"net/url"
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/encode"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/view"
)

// actionRow prepares one enforcement action of p. Only special measures
// have a known end in the data: a later overall rating better than
// Inadequate, or a newer special-measures action.
func actionRow(p *site.Practice, a *cqc.Action) view.ActionRow {
	row := view.ActionRow{Kind: a.Kind.String(), Meaning: a.Kind.Meaning(), Date: a.Date}
	row.SourceURL, row.CQCPage = NoticeLink(p.ID, a.SourceURL)
	row.Status = actionStatus(p, a)
	return row
}

// NoticeLink splits an action's source link into a notice and the
// practice's CQC page: a link to the practice's own page on CQC's website
// is not a notice, and a page must not call it one.
func NoticeLink(id, source string) (notice, page string) {
	page = "https://www.cqc.org.uk/location/" + id
	u := encode.SafeURL(source)
	if u == "" {
		return "", page
	}
	if pu, err := url.Parse(u); err == nil && (pu.Host == "www.cqc.org.uk" || pu.Host == "cqc.org.uk") &&
		strings.TrimSuffix(pu.Path, "/") == "/location/"+id {
		return "", u
	}
	return u, page
}

func actionStatus(p *site.Practice, a *cqc.Action) string {
	if a.Kind != cqc.SpecialMeasures {
		return "The data this site holds does not say whether or when this action ended."
	}
	if p.SpecialMeasures == a {
		return "In effect: CQC has published no overall rating better than Inadequate since."
	}
	// Both the end and a newer placement can follow: whichever came
	// first ended this one.
	var ended, newer rating.Day
	var endedAs rating.Value
	for _, e := range p.Timeline {
		if e.Published > a.Date && e.Overall.IsRating() && e.Overall.Better(rating.Inadequate) {
			ended, endedAs = e.Published, e.Overall
			break
		}
	}
	if o := p.Ratings.Overall(); ended.IsZero() && o.Published > a.Date && o.Value.IsRating() && o.Value.Better(rating.Inadequate) {
		ended, endedAs = o.Published, o.Value
	}
	for i := len(p.Actions) - 1; i >= 0; i-- { // newest first: walk from the oldest
		b := &p.Actions[i]
		if b != a && b.Kind == cqc.SpecialMeasures && b.Date > a.Date {
			newer = b.Date
			break
		}
	}
	switch {
	case !ended.IsZero() && (newer.IsZero() || ended <= newer):
		return "Ended " + view.LongDate(ended.Time()) + ", when CQC published an overall rating of " + endedAs.String() + "."
	case !newer.IsZero():
		return "Superseded on " + view.LongDate(newer.Time()) + " by a newer special-measures action."
	case p.Closed():
		return "Ended when the practice closed or was deregistered."
	}
	return "No longer in effect; the data does not say when it ended."
}

// Meaning is what an overall value means: for a closed practice, in
// the past tense.
func Meaning(v rating.Value, closed bool) string {
	if !closed {
		return v.Meaning()
	}
	const when = "When CQC last rated it, the practice was "
	switch v {
	case rating.Outstanding:
		return when + "performing exceptionally well."
	case rating.Good:
		return when + "performing well and meeting CQC's expectations."
	case rating.RequiresImprovement:
		return when + "not performing as well as it should, and CQC told it how it had to improve."
	case rating.Inadequate:
		return when + "performing badly, and CQC took action against the person or organisation that ran it. A practice rated Inadequate overall is usually placed in special measures."
	case rating.InspectedNotRated:
		return "CQC inspected the practice, but the inspection was not designed to give a rating, so none was published."
	case rating.InsufficientEvidence:
		return "CQC did not have enough evidence to give a rating."
	case rating.NoPublishedRating:
		return "CQC had not published a rating for the practice when it closed."
	case rating.NotRated:
		return "The practice was not rated."
	case rating.NotApplicable:
		return "A rating did not apply to the practice."
	case rating.RegulationsMet:
		return "CQC found that the practice met the regulations it checked, but this was not a rating."
	}
	return "CQC published no rating for the practice before it closed."
}

// View is a practice's history as its page shows it: its overall
// ratings newest first, its enforcement actions and, if it has closed,
// what happened, all in the past tense once it has.
func View(p *site.Practice) *view.HistoryView {
	v := &view.HistoryView{Name: p.Name, ClosedHead: ClosedHead(p), ClosedText: ClosedText(p), Once: len(p.Timeline) == 1,
		Caption:  "Overall ratings CQC has published for " + p.Name + ", newest first",
		OnceText: "This is the only overall rating CQC has published for the practice in the data this site holds.",
		NoneText: "CQC has not published an overall rating for this practice in the data this site holds."}
	closed := p.Closed()
	if closed {
		v.Caption = "Overall ratings CQC published for " + p.Name + ", newest first"
		v.OnceText = "This was the only overall rating CQC published for the practice in the data this site holds."
		v.NoneText = "CQC published no overall rating for this practice in the data this site holds."
	}
	if p.SpecialMeasures != nil {
		a := actionRow(p, p.SpecialMeasures)
		v.Special = &a
	}
	for i := range p.Actions {
		row := actionRow(p, &p.Actions[i])
		if closed {
			row.Meaning = pastActionMeaning(p.Actions[i].Kind)
		}
		v.Actions = append(v.Actions, row)
	}
	if len(p.Timeline) > 1 {
		v.Timeline = make([]view.TimelineRow, len(p.Timeline))
		for i, e := range p.Timeline {
			v.Timeline[len(p.Timeline)-1-i] = view.TimelineRow{Published: e.Published, Overall: e.Overall, KeyQuestions: e.KeyQuestions, Change: e.Change.Word(), From: e.Previous}
		}
	}
	return v
}

// pastActionMeaning says what an enforcement action was, for a closed
// practice's page (cqc.ActionKind.Meaning says it in the present).
func pastActionMeaning(k cqc.ActionKind) string {
	switch k {
	case cqc.SpecialMeasures:
		return "CQC placed the practice in special measures: it had to improve within a set time, under close supervision, or CQC could cancel its registration."
	case cqc.WarningNotice:
		return "CQC served a warning notice: the practice had to put right a breach of the regulations by a set date."
	case cqc.ConditionsImposed:
		return "CQC imposed conditions on the practice's registration, limiting what it could do."
	case cqc.Suspension:
		return "CQC suspended the practice's registration for a time: it could not provide the service while suspended."
	case cqc.CancellationProposed:
		return "CQC proposed to cancel the practice's registration, which would have closed it."
	}
	return k.Meaning()
}

// ClosedHead is the first words of a closed practice's page: what
// happened, and since when.
func ClosedHead(p *site.Practice) string {
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		if !p.ClosedOn.IsZero() {
			return "Deregistered on " + view.LongDate(p.ClosedOn)
		}
		return "Deregistered"
	case site.ClosedMissing:
		if !p.ClosedOn.IsZero() {
			return "Closed: not in CQC's data since " + p.ClosedOn.Format("January 2006")
		}
		return "Closed"
	}
	return ""
}

// ClosedText describes a closed practice's status in a sentence.
func ClosedText(p *site.Practice) string {
	switch p.ClosedWhy {
	case site.ClosedDeregistered:
		return "CQC has deregistered this practice: it no longer provides GP services under this registration."
	case site.ClosedMissing:
		last := ""
		if p.LastListed != nil {
			last = " The last file that listed it was for " + p.LastListed.Label() + "."
		}
		return "This practice is not in CQC's ratings data for " + p.ClosedOn.Format("January 2006") + " or later: it has closed, merged with another practice or been deregistered." + last
	}
	return ""
}
