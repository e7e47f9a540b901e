package pipeline

import (
	"io/fs"

	"github.com/paulmach/orb"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
	"ratingsite/internal/site"
)

// LocalAuthorityBoundariesDir is where local-authority outlines live under
// the data directory: GeoJSON files such as ONS's counties and unitary
// authorities.
const LocalAuthorityBoundariesDir = "boundaries/local-authorities"

// readLocalBoundaries reads the optional local-authority boundaries,
// boundaries/local-authorities/*.geojson under the data directory,
// matches them to the site's local authorities by name and simplifies
// them. Local authorities left without one are one warning.
func readLocalBoundaries(data input, s *site.Site, problems *diag.List) map[*site.Area]orb.MultiPolygon {
	files := data.glob(LocalAuthorityBoundariesDir+"/*.geojson", problems)
	if len(files) == 0 || s == nil {
		return nil
	}
	var features []*boundary.Feature
	for _, name := range files {
		f := data.file(name)
		if st, err := fs.Stat(data.fsys, name); err == nil && st.Size() > boundary.MaxBytes {
			boundary.TooBig(f, st.Size(), problems)
			continue
		}
		b, err := fs.ReadFile(data.fsys, name)
		if err != nil {
			problems.Errorf(f, 0, "", "", "cannot read: %v", diag.Renamed(err, f))
			continue
		}
		features = append(features, boundary.Read(b, f, problems)...)
	}
	names := make([]string, len(s.LocalAuthorities))
	for i, a := range s.LocalAuthorities {
		names[i] = a.Name
	}
	matched, missing := boundary.MatchLocalAuthorities(features, names, problems)
	if len(missing) > 0 && len(features) > 0 {
		problems.Warnf(data.file(LocalAuthorityBoundariesDir), 0, "",
			"add their polygons, named as CQC names them, to a file there; ONS's counties and unitary authorities of the ratings' year hold them",
			"%s", boundary.MissingSummary(missing, 5))
	}
	out := map[*site.Area]orb.MultiPolygon{}
	for _, a := range s.LocalAuthorities {
		f := matched[a.Name]
		if f == nil {
			continue
		}
		mp := boundary.Simplify(f.Geom, boundary.LocalTolerance)
		if len(mp) == 0 {
			problems.Warnf(f.File, f.Line, "coordinates", "check the feature's polygons", "%s: nothing is left of the boundary of %q after simplifying; its map has no outline", f.Label(), a.Name)
			continue
		}
		out[a] = mp
	}
	return out
}
