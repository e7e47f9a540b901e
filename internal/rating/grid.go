package rating

import "time"

// Cell is one published rating: a value with the facts published beside it.
// Its fields are ordered so that it packs into 8 bytes.
type Cell struct {
	Value     Value
	Inherited bool // carried over from a previous provider
	// ReportType is CQC's "Report Type" (e.g. "Location", "Provider").
	ReportType ReportType
	Published  Day // publication date of the report that gave it
}

// Grid holds a location's ratings: one Cell per scope (the whole practice or
// a population group) and domain (overall or a key question). Grid[Whole][Overall]
// is the practice's overall rating.
type Grid [NumGroups][NumDomains]Cell

// Overall is the practice's overall rating.
func (g *Grid) Overall() Cell { return g[Whole][Overall] }

// Newest is the latest publication date of any cell.
func (g *Grid) Newest() time.Time {
	var t Day
	for i := range g {
		for j := range g[i] {
			t = max(t, g[i][j].Published)
		}
	}
	return t.Time()
}

// HasGroups reports whether any population-group cell holds a value.
func (g *Grid) HasGroups() bool {
	for _, grp := range PopulationGroups {
		for d := Overall; d < NumDomains; d++ {
			if g[grp][d].Value.Present() {
				return true
			}
		}
	}
	return false
}

// Empty reports whether no cell holds a value.
func (g *Grid) Empty() bool {
	for i := range g {
		for j := range g[i] {
			if g[i][j].Value.Present() {
				return false
			}
		}
	}
	return true
}
