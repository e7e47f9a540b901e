package boundary

import (
	"fmt"
	"sort"
	"strings"

	"ratingsite/internal/diag"
)

// Aliases are the other names a region's boundary may carry, after
// normalising (lower case; "&" read as "and"; punctuation and "the " at the
// start dropped). Each group names one region. CQC writes "East" where ONS
// writes "East of England", and "Yorkshire and The Humber" where ONS writes
// "Yorkshire and the Humber" (the same once normalised).
var Aliases = [][]string{
	{"east of england", "east", "eastern", "east anglia"},
	{"yorkshire and the humber", "yorkshire and humber", "yorkshire", "yorkshire humber"},
	{"london", "greater london"},
	{"north east", "north east england"},
	{"north west", "north west england"},
	{"south east", "south east england"},
	{"south west", "south west england"},
	{"east midlands"},
	{"west midlands"},
}

// Codes maps ONS region codes (GSS, E12 series) to a name in Aliases.
var Codes = map[string]string{
	"E12000001": "north east",
	"E12000002": "north west",
	"E12000003": "yorkshire and the humber",
	"E12000004": "east midlands",
	"E12000005": "west midlands",
	"E12000006": "east of england",
	"E12000007": "london",
	"E12000008": "south east",
	"E12000009": "south west",
}

// Outside are the nations CQC does not regulate: boundary files of the
// whole UK hold them, and they are left out without a warning. Their
// GSS codes start with S (Scotland), W (Wales) or N (Northern Ireland).
var Outside = []string{"scotland", "wales", "northern ireland", "north ireland"}

// Normalise folds a region name for matching.
func Normalise(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "&", " and ")
	var b strings.Builder
	space := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// key is the canonical form of a name: the first name of its alias group.
func key(s string) string {
	n := Normalise(s)
	for _, g := range Aliases {
		for _, a := range g {
			if a == n {
				return g[0]
			}
		}
	}
	return n
}

// known reports whether k is the canonical name of one of England's nine
// regions.
func known(k string) bool {
	for _, g := range Aliases {
		if g[0] == k {
			return true
		}
	}
	return false
}

func isOutside(f *Feature) bool {
	if c := strings.ToUpper(f.Code); len(c) == 9 && strings.ContainsAny(c[:1], "SWN") {
		return true
	}
	n := Normalise(f.Name)
	for _, o := range Outside {
		if n == o {
			return true
		}
	}
	return false
}

// Match pairs each region name with its boundary feature, by code or
// name. A region that matches no feature, a feature that matches no
// region and two features for one region are warnings (the first
// feature wins); features of Scotland, Wales and Northern Ireland, and of
// English regions that have no practice in the ratings, are left out
// quietly. The result maps region names, as given, to features.
func Match(features []*Feature, regions []string, problems *diag.List) map[string]*Feature {
	want := map[string]string{} // key → region name as given
	for _, r := range regions {
		want[key(r)] = r
	}
	out := map[string]*Feature{}
	for _, f := range features {
		k := ""
		if c, ok := Codes[strings.ToUpper(f.Code)]; ok {
			k = c
		}
		if _, ok := want[k]; !ok && f.Name != "" {
			k = key(f.Name)
		}
		r, ok := want[k]
		if !ok {
			if isOutside(f) || known(k) {
				// Another nation, or an English region with no practice
				// in these ratings (a partial extract): nothing to draw.
				continue
			}
			problems.Warnf(f.File, f.Line, "properties", fmt.Sprintf("name it as CQC does (one of: %s) or add a property \"code\" with its ONS code (E12000001–E12000009)", strings.Join(sorted(regions), ", ")),
				"%s matches no region in the ratings; it is left off the maps", f.Label())
			continue
		}
		if prev, dup := out[r]; dup {
			problems.Warnf(f.File, f.Line, "properties", "keep one feature per region (a MultiPolygon holds several parts)",
				"%s is a second boundary for %q (the first is %s of %s); it is left out", f.Label(), r, prev.Label(), prev.File)
			continue
		}
		out[r] = f
	}
	files := map[string]bool{}
	for _, f := range features {
		files[f.File] = true
	}
	where := strings.Join(sorted(keys(files)), ", ")
	for _, r := range sorted(regions) {
		if _, ok := out[r]; !ok && where != "" {
			problems.Warnf(where, 0, "", "add its polygon, named as CQC names the region, or one of the aliases in docs/inputs.md", "no boundary for the region %q; its map shows its practices without an outline", r)
		}
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
