package ratings

import (
	"strings"

	"ratingsite/internal/cqc"
	"ratingsite/internal/csvin"
)

// Column is one column of CQC's Locations sheet, in the order CQC
// publishes them.
type Column uint8

const (
	ColID Column = iota
	ColODS
	ColName
	ColCareHome
	ColType
	ColCategory
	ColStreet
	ColLine2
	ColCity
	ColPostcode
	ColLocalAuthority
	ColRegion
	ColNHSRegion
	ColICBCode
	ColICBName
	ColCommCode
	ColCommName
	ColGroup
	ColDomain
	ColRating
	ColPublished
	ColReportType
	ColInherited
	ColURL
	ColProviderID
	ColProviderName
	ColBrandID
	ColBrandName
	NumColumns
	noColumn = NumColumns // a message about a whole row or file
)

// Need says what a missing column means.
type Need uint8

const (
	// Required: a file without it is refused.
	Required Need = iota
	// Optional: read when present; when missing, its values are blank (the
	// Default says what that means) and a warning says so.
	Optional
	// Unread: known, so not taken for a stray column, but not read.
	Unread
)

// Spec describes one column: its name as CQC publishes it, other names it
// has had, whether it must be there, the most characters a value may
// have, and the Location field it fills.
type Spec struct {
	Name    string
	Aliases []string
	Need    Need
	// Default says what a missing Optional column means, for the docs
	// and the warning.
	Default string
	Max     int
	// Field returns the Location field the column fills, for the columns
	// every row of a location repeats; nil for the rest.
	Field func(*cqc.Location) *string
	// Shared marks values many locations share (regions, providers),
	// interned rather than copied per location.
	Shared bool
}

// Limits on values, in characters (bytes of UTF-8, in fact).
const (
	MaxName  = 300 // names, address lines, providers and brands
	MaxPlace = 200 // local authorities, regions, ICBs, types, categories
	MaxCode  = 40  // ODS, ICB and provider codes, postcodes
	MaxWord  = 100 // groups, domains, ratings, dates, Y/N
	MaxURL   = 2000
	MaxID    = cqc.MaxIDLen
)

// Columns is the one table of the Locations sheet's header.
var Columns = [NumColumns]Spec{
	ColID:             {Name: "Location ID", Need: Required, Max: MaxID},
	ColODS:            {Name: "Location ODS Code", Need: Optional, Default: "no ODS code (older editions lack the column)", Max: MaxCode, Field: func(l *cqc.Location) *string { return &l.ODS }},
	ColName:           {Name: "Location Name", Need: Required, Max: MaxName, Field: func(l *cqc.Location) *string { return &l.Name }},
	ColCareHome:       {Name: "Care Home?", Need: Unread, Max: MaxWord},
	ColType:           {Name: "Location Type", Need: Optional, Default: "no location type", Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.Type }},
	ColCategory:       {Name: "Location Primary Inspection Category", Need: Required, Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.Category }},
	ColStreet:         {Name: "Location Street Address", Need: Required, Max: MaxName, Field: func(l *cqc.Location) *string { return &l.Street }},
	ColLine2:          {Name: "Location Address Line 2", Need: Optional, Default: "no second address line", Max: MaxName, Field: func(l *cqc.Location) *string { return &l.Line2 }},
	ColCity:           {Name: "Location City", Need: Required, Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.City }},
	ColPostcode:       {Name: "Location Post Code", Need: Required, Max: MaxCode, Field: func(l *cqc.Location) *string { return &l.Postcode }},
	ColLocalAuthority: {Name: "Location Local Authority", Need: Required, Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.LocalAuthority }},
	ColRegion:         {Name: "Location Region", Need: Required, Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.Region }},
	ColNHSRegion:      {Name: "Location NHS Region", Need: Optional, Default: "no NHS region (older editions lack the column)", Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.NHSRegion }},
	ColICBCode: {Name: "Location ONSPD CCG Code", Aliases: []string{"Location ONSPD ICB Code", "Location ICB Code"}, Need: Optional,
		Default: "no CCG/ICB code", Max: MaxCode, Shared: true, Field: func(l *cqc.Location) *string { return &l.ICBCode }},
	ColICBName: {Name: "Location ONSPD CCG", Aliases: []string{"Location ONSPD ICB", "Location ONSPD ICB Name", "Location ICB Name", "Location ICB"}, Need: Optional,
		Default: "no CCG/ICB name", Max: MaxPlace, Shared: true, Field: func(l *cqc.Location) *string { return &l.ICBName }},
	ColCommCode:     {Name: "Location Commissioning CCG Code", Aliases: []string{"Location Commissioning ICB Code"}, Need: Unread, Max: MaxCode},
	ColCommName:     {Name: "Location Commissioning CCG Name", Aliases: []string{"Location Commissioning ICB Name", "Location Commissioning CCG", "Location Commissioning ICB"}, Need: Unread, Max: MaxPlace},
	ColGroup:        {Name: "Service / Population Group", Need: Required, Max: MaxWord},
	ColDomain:       {Name: "Domain", Aliases: []string{"Key Question"}, Need: Required, Max: MaxWord},
	ColRating:       {Name: "Latest Rating", Need: Required, Max: MaxWord},
	ColPublished:    {Name: "Publication Date", Need: Required, Max: MaxWord},
	ColReportType:   {Name: "Report Type", Need: Optional, Default: "report type unknown", Max: MaxWord},
	ColInherited:    {Name: "Inherited Rating (Y/N)", Need: Optional, Default: "N: no rating is inherited (older editions lack the column)", Max: MaxWord},
	ColURL:          {Name: "URL", Need: Optional, Default: "no link to the report", Max: MaxURL},
	ColProviderID:   {Name: "Provider ID", Need: Required, Max: MaxCode, Shared: true, Field: func(l *cqc.Location) *string { return &l.ProviderID }},
	ColProviderName: {Name: "Provider Name", Need: Required, Max: MaxName, Shared: true, Field: func(l *cqc.Location) *string { return &l.ProviderName }},
	ColBrandID:      {Name: "Brand ID", Need: Optional, Default: "no brand", Max: MaxCode, Shared: true, Field: func(l *cqc.Location) *string { return &l.BrandID }},
	ColBrandName:    {Name: "Brand Name", Need: Optional, Default: "no brand", Max: MaxName, Shared: true, Field: func(l *cqc.Location) *string { return &l.BrandName }},
}

func (c Column) String() string {
	if c >= NumColumns {
		return ""
	}
	return Columns[c].Name
}

// Header is the header CQC publishes, comma-separated, without a line end.
var Header = func() string {
	names := make([]string, NumColumns)
	for c := range Columns {
		names[c] = Columns[c].Name
	}
	return strings.Join(names, ",")
}()

// RequiredColumns lists the columns a file must have.
var RequiredColumns = func() []string {
	var out []string
	for _, s := range Columns {
		if s.Need == Required {
			out = append(out, s.Name)
		}
	}
	return out
}()

// byFolded maps each folded name and alias to its column.
var byFolded = func() map[string]Column {
	m := make(map[string]Column)
	for c, s := range Columns {
		m[csvin.Fold(s.Name)] = Column(c)
		for _, a := range s.Aliases {
			m[csvin.Fold(a)] = Column(c)
		}
	}
	return m
}()

// attrColumns are the location-level columns, which every row of a
// location repeats; the first row wins when they disagree.
var attrColumns = func() []Column {
	var out []Column
	for c, s := range Columns {
		if s.Field != nil {
			out = append(out, Column(c))
		}
	}
	return out
}()

// mapping holds where each column is in a file's header.
type mapping struct {
	idx   [NumColumns]int // -1 when missing
	width int
}

// headerProblem is one thing wrong with a header.
type headerProblem struct {
	col      string
	err      bool
	hint     string
	msg      string
	at, also int
}

// mapHeader matches a header row to the columns.
func mapHeader(header []string) (m mapping, probs []headerProblem, ok bool) {
	for c := range m.idx {
		m.idx[c] = -1
	}
	m.width = len(header)
	for i, h := range header {
		c, known := byFolded[csvin.Fold(h)]
		if !known {
			continue // extra columns are ignored
		}
		if j := m.idx[c]; j >= 0 {
			probs = append(probs, headerProblem{col: Columns[c].Name, err: true, hint: "delete one of them",
				msg: "column appears twice in the header", at: j + 1, also: i + 1})
			continue
		}
		m.idx[c] = i
	}
	ok = true
	for c, s := range Columns {
		if m.idx[c] >= 0 || s.Need == Unread {
			continue
		}
		if s.Need == Required {
			ok = false
			probs = append(probs, headerProblem{col: s.Name, err: true, hint: hintHeader, msg: "required column is missing from the header"})
		}
	}
	if !ok {
		return m, probs, false
	}
	for c, s := range Columns {
		if m.idx[c] < 0 && s.Need == Optional {
			probs = append(probs, headerProblem{col: s.Name, msg: "column is missing from the header; its values will be blank: " + s.Default})
		}
	}
	return m, probs, true
}

// isHeader says whether a row of folded names is the header: it names
// Location ID.
func isHeader(folded []string) bool {
	for _, f := range folded {
		if f == "location id" {
			return true
		}
	}
	return false
}
