package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"ratingsite/internal/schematest"
)

// checkPracticeSchema validates every practices/*.json of the site built
// into out (a folder, or a file system such as an in-memory build) against
// docs/practice.schema.json, the published open API, and fails unless it
// checked want files. The end-to-end tests call it on the sample and on
// the real Oldham documents.
func checkPracticeSchema(t *testing.T, out any, want int) {
	t.Helper()
	var fsys fs.FS
	switch o := out.(type) {
	case string:
		fsys = os.DirFS(o)
	case fs.FS:
		fsys = o
	default:
		panic(fmt.Sprintf("checkPracticeSchema: %T is neither a folder nor a file system", out))
	}
	n := schematest.Practice(t).ValidateFS(t, fsys, "practices/*.json")
	if n != want {
		t.Errorf("checked %d practice JSON files against the schema, want %d", n, want)
	}
}

// TestGoldenPracticesMatchSchema: the golden fixture's practice files
// (hostile names, every value that is not a rating, inherited ratings, a
// practice with no coordinates, closed practices) match the schema. The
// golden test keeps them equal to what the build writes.
func TestGoldenPracticesMatchSchema(t *testing.T) {
	want := filepath.Join("testdata", "golden", "want")
	files, _ := filepath.Glob(filepath.Join(want, "practices", "*.json"))
	if len(files) < 5 {
		t.Fatalf("only %d practice files in %s", len(files), want)
	}
	checkPracticeSchema(t, want, len(files))
}
