package boundary

import (
	"fmt"
	"sort"
	"strings"

	"ratingsite/internal/diag"
)

// LocalAuthorityKey folds a local authority's name for matching: Normalise,
// then without "City of" and "County of", which ONS writes after a comma
// ("Bristol, City of", "Herefordshire, County of") and CQC sometimes
// leaves out, and "St." read as "St" (Normalise drops the point).
func LocalAuthorityKey(s string) string {
	n := Normalise(s)
	for _, w := range []string{" city of", " county of"} {
		n = strings.TrimSuffix(n, w)
	}
	for _, w := range []string{"city of ", "county of "} {
		// "City of London" is a name of its own; "County Durham" keeps its
		// word.
		if n != "city of london" {
			n = strings.TrimPrefix(n, w)
		}
	}
	return n
}

// isEnglishAreaCode reports whether code is an ONS (GSS) code of an
// English local authority: E06 unitary, E07 district, E08 metropolitan
// district, E09 London borough, E10 county, E11 metropolitan county.
func isEnglishAreaCode(code string) bool {
	c := strings.ToUpper(code)
	if len(c) != 9 || c[0] != 'E' {
		return false
	}
	switch c[1:3] {
	case "06", "07", "08", "09", "10", "11":
		return true
	}
	return false
}

// MatchLocalAuthorities pairs each local authority name, as CQC writes it,
// with its boundary feature, by name (LocalAuthorityKey): CQC's data has
// no codes for local authorities. Features of Scotland, Wales and Northern
// Ireland (codes starting S, W, N) and English ones (E06–E11) that match no
// local authority in the ratings, as in a national file beside a partial
// extract, are left out quietly; any other feature that matches none is a
// warning, as is a second feature for one local authority (the first
// wins). Local authorities without a feature are returned in missing,
// sorted, for one summary warning by the caller: boundaries change
// (Cumberland, North Yorkshire) and a file of one year cannot hold every
// name.
func MatchLocalAuthorities(features []*Feature, las []string, problems *diag.List) (out map[string]*Feature, missing []string) {
	want := map[string]string{}
	for _, n := range las {
		want[LocalAuthorityKey(n)] = n
	}
	out = map[string]*Feature{}
	for _, f := range features {
		la, ok := want[LocalAuthorityKey(f.Name)]
		if !ok || f.Name == "" {
			if isOutside(f) || isEnglishAreaCode(f.Code) {
				continue
			}
			problems.Warnf(f.File, f.Line, "properties", "name it as CQC's Location Local Authority column does, in a property \"name\" (or an ONS one such as \"ctyua18nm\")",
				"%s matches no local authority in the ratings; it is left off the maps", f.Label())
			continue
		}
		if prev, dup := out[la]; dup {
			problems.Warnf(f.File, f.Line, "properties", "keep one feature per local authority (a MultiPolygon holds several parts)",
				"%s is a second boundary for %q (the first is %s of %s); it is left out", f.Label(), la, prev.Label(), prev.File)
			continue
		}
		out[la] = f
	}
	for _, n := range las {
		if _, ok := out[n]; !ok {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	return out, missing
}

// MissingSummary is the one warning's text for local authorities without
// a boundary: the count and up to max names.
func MissingSummary(missing []string, max int) string {
	names := missing
	more := ""
	if len(names) > max {
		names, more = names[:max], fmt.Sprintf(" and %d more", len(missing)-max)
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	word := "local authorities have"
	if len(missing) == 1 {
		word = "local authority has"
	}
	return fmt.Sprintf("%d %s no boundary (%s%s); their pages map their practices on their region's outline", len(missing), word, strings.Join(q, ", "), more)
}

// LocalTolerance simplifies local-authority outlines (about 250 m): a
// London borough is a few miles across, and a region's tolerance would
// take the Isles of Scilly away.
const LocalTolerance = WebTolerance / 4
