package build

import (
	"os"
	"path/filepath"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
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
	return cqc.ReadEnforcement(f, file, problems)
}
