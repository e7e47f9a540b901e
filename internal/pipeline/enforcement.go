package pipeline

import (
	"os"
	"path/filepath"

	"ratingsite/internal/cqc"
	"ratingsite/internal/cqc/enforcement"
	"ratingsite/internal/diag"
	"ratingsite/internal/site"
)

// readEnforcement reads the optional data/enforcement.csv. Whether each
// row names a known practice is checked when the model is built.
func readEnforcement(dataDir string, problems *diag.List) []cqc.Action {
	file := filepath.Join(dataDir, "enforcement.csv")
	f, err := os.Open(file)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		problems.Errorf(file, 0, "", "", "cannot read: %v", err)
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
