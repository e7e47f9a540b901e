package pipeline

import (
	"testing"

	"ratingsite/internal/schematest"
)

// checkPracticeSchema validates every practices/*.json of the site built
// in out against docs/practice.schema.json, the published open API, and
// fails when there is none to check. The end-to-end tests call it on the
// sample and on the real Oldham documents.
func checkPracticeSchema(t *testing.T, out string, want int) {
	t.Helper()
	n := schematest.Practice(t).ValidateDir(t, out, "practices/*.json")
	if n != want {
		t.Errorf("checked %d practice JSON files against the schema, want %d", n, want)
	}
}
