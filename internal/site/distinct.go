package site

import (
	"strings"
)

// Two practices with the same name are told apart in every list by
// Practice.Distinct: the town, or the street when the town is the same too
// (then the postcode). It is computed once, in New, for every list to
// print.
//
// A current practice is told apart from the other current practices of
// its name: the lists it is in (A–Z, areas, ratings, nearby, overdue,
// special measures) hold only current practices. A closed practice is told
// apart from every practice of its name, current or closed, as /closed/ and
// /changes/ list it beside both; when its address is the same as another's
// (a practice that re-registered under a new provider keeps its address),
// when it closed tells it apart, and its Location ID as a last resort.

// distinguish sets Distinct on every practice whose name another shares.
func distinguish(current, closed []*Practice) {
	byName := make(map[string][]*Practice)
	for _, p := range current {
		k := nameKey(p.Name)
		byName[k] = append(byName[k], p)
	}
	for _, group := range byName {
		if len(group) < 2 {
			continue
		}
		for _, p := range group {
			p.Distinct = distinctLabel(p, group)
		}
	}
	for _, p := range closed {
		k := nameKey(p.Name)
		byName[k] = append(byName[k], p)
	}
	for _, p := range closed {
		if group := byName[nameKey(p.Name)]; len(group) > 1 {
			p.Distinct = distinctLabel(p, group)
		}
	}
}

// nameKey is a name as two practices' names are compared: case folded,
// with its spaces collapsed.
func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// distinctLabels are what tells a practice apart from others of its name,
// in the order they are tried.
var distinctLabels = []func(*Practice) string{
	func(p *Practice) string { return p.City },
	func(p *Practice) string { return p.Street },
	func(p *Practice) string { return joinNonEmpty(p.Street, p.Line2) },
	func(p *Practice) string { return p.Postcode },
	closedLabel,
}

// distinctLabel is the first label of p that no other practice in group
// shares.
func distinctLabel(p *Practice, group []*Practice) string {
	for _, label := range distinctLabels {
		v := strings.Join(strings.Fields(label(p)), " ")
		if v == "" {
			continue
		}
		unique := true
		for _, q := range group {
			if q != p && strings.EqualFold(strings.Join(strings.Fields(label(q)), " "), v) {
				unique = false
				break
			}
		}
		if unique {
			return v
		}
	}
	return "CQC ID " + p.ID
}

// closedLabel says when a closed practice closed: "deregistered July
// 2023", "not listed since March 2025"; "" for a current practice.
func closedLabel(p *Practice) string {
	switch {
	case p.ClosedOn.IsZero():
		return ""
	case p.ClosedWhy == ClosedDeregistered:
		return "deregistered " + p.ClosedOn.Format("2 January 2006")
	case p.ClosedWhy == ClosedMissing:
		return "not listed since " + p.ClosedOn.Format("January 2006")
	}
	return ""
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}
