package stat

import (
	"strconv"

	"ratingsite/internal/figures"
	"ratingsite/internal/rating"
)

// HistoryKeys are the figures of rating history and regulation, for
// England (prefix "national") and each region ("region.<slug>"):
//
//	.improved.percent, .count, .of   practices first rated Requires improvement or
//	                                 Inadequate and re-inspected: the share, and how
//	                                 many, now rated better (CQC's "82%")
//	.declined.percent, .count, .of   the same for practices first rated Good or
//	                                 Outstanding that are now rated worse
//	.reinspected.count               practices rated more than once
//	.rated-once.count                practices rated once
//	.transitions.<first>.<latest>    practices first rated <first>, now <latest>
//	.overdue.count                   current practices overdue for re-inspection
//	.special-measures.count          current practices in special measures
//
// and national.closed.count, changes.count, changes.improved.count and
// changes.declined.count (between the two newest months).
func HistoryKeys(in Input, add Add) {
	h := in.Figures.History
	if h == nil {
		return
	}
	scope := func(prefix, pattern string, r *figures.Regulation) {
		m := r.Improvement
		n := func(name string, v int) { add(pattern+name, prefix+name, strconv.Itoa(v)) }
		add(pattern+".improved.percent", prefix+".improved.percent", m.ImprovedShare().Text())
		n(".improved.count", m.Improved)
		n(".improved.of", m.FirstPoor)
		add(pattern+".declined.percent", prefix+".declined.percent", m.DeclinedShare().Text())
		n(".declined.count", m.Declined)
		n(".declined.of", m.FirstGood)
		n(".reinspected.count", m.ReInspected)
		n(".rated-once.count", m.RatedOnce)
		for i, a := range rating.Ratings {
			for j, b := range rating.Ratings {
				add(pattern+".transitions.<first>.<latest>", prefix+".transitions."+a.Slug()+"."+b.Slug(), strconv.Itoa(m.Transitions[i][j]))
			}
		}
		n(".overdue.count", len(r.Overdue))
		n(".special-measures.count", r.SpecialMeasures)
	}
	scope("national", "national", &h.National)
	add("national.closed.count", "national.closed.count", strconv.Itoa(h.Closed))
	for _, sc := range in.Figures.Regions {
		scope("region."+sc.Slug, "region.<slug>", h.Of(sc.Area))
	}
	imp, dec, _ := h.ChangeCounts()
	add("changes.count", "changes.count", strconv.Itoa(len(h.Changes)))
	add("changes.improved.count", "changes.improved.count", strconv.Itoa(imp))
	add("changes.declined.count", "changes.declined.count", strconv.Itoa(dec))
}
