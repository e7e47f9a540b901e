package pipeline

import (
	"io/fs"

	"github.com/paulmach/orb"

	"ratingsite/internal/boundary"
	"ratingsite/internal/diag"
	"ratingsite/internal/site"
)

// readBoundaries reads the optional region boundaries,
// boundaries/*.geojson in the data input, matches them to the
// site's regions and simplifies them for the web. Problems name the file
// and the feature; a region without a boundary is a warning.
func readBoundaries(data input, s *site.Site, problems *diag.List) map[*site.Area]orb.MultiPolygon {
	files := data.glob("boundaries/*.geojson", problems)
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
	names := make([]string, len(s.Regions))
	for i, a := range s.Regions {
		names[i] = a.Name
	}
	matched := boundary.Match(features, names, problems)
	out := map[*site.Area]orb.MultiPolygon{}
	for _, a := range s.Regions {
		f := matched[a.Name]
		if f == nil {
			continue
		}
		mp := boundary.Simplify(f.Geom, boundary.WebTolerance)
		if len(mp) == 0 {
			problems.Warnf(f.File, f.Line, "coordinates", "check the feature's polygons", "%s: nothing is left of the boundary of %q after simplifying; its map has no outline", f.Label(), a.Name)
			continue
		}
		out[a] = mp
	}
	return out
}
