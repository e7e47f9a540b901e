package pipeline

import (
	"errors"
	"io/fs"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/enforcement"
	"ratingsite/internal/diag"
	"ratingsite/internal/site"
)

// readEnforcement reads the data input's optional enforcement.csv.
// Whether each row names a known practice is checked when the model is
// built.
func readEnforcement(data input, problems *diag.List) []cqc.Action {
	file := data.file("enforcement.csv")
	f, err := data.fsys.Open("enforcement.csv")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		problems.Errorf(file, 0, "", "", "cannot read: %v", diag.Renamed(err, file))
		return nil
	}
	defer f.Close()
	return enforcement.Read(f, file, problems)
}

// knownLocations reports every enforcement action for a Location ID that
// no ratings file or API document of the published categories holds, and
// returns the others. It runs before the model is built, so that these
// errors are reported together with any other input error.
func knownLocations(in site.Input, problems *diag.List) []cqc.Action {
	if len(in.Enforcement) == 0 {
		return nil
	}
	known := make(map[string]bool, len(in.Ratings))
	for _, l := range in.Ratings {
		known[l.ID] = true
	}
	for _, l := range in.API {
		if site.InCategories(l.Category, in.Categories) {
			known[l.ID] = true
		}
	}
	var out []cqc.Action
	for _, a := range in.Enforcement {
		if !known[a.LocationID] {
			problems.Errorf(a.File, a.Line, "Location ID", "check the ID against the practice's page on the CQC website, or delete the row",
				"no GP practice with Location ID %q in the ratings data", a.LocationID)
			continue
		}
		out = append(out, a)
	}
	return out
}
