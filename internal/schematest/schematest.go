// Package schematest checks JSON outputs against the schemas published in
// docs/ (docs/practice.schema.json for /practices/<id>.json), so that the
// published schema and the encoder cannot drift apart. Only tests import
// it: the validator never reaches the ratingsite binary.
package schematest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// PracticeFile is the schema of /practices/<id>.json, relative to the
// repository root.
const PracticeFile = "docs/practice.schema.json"

// Schema is a compiled schema.
type Schema struct {
	file string
	s    *jsonschema.Schema
}

var (
	practiceOnce sync.Once
	practice     *Schema
	practiceErr  error
)

// Practice returns the compiled schema of /practices/<id>.json, failing t
// if it cannot be read or is not a valid draft 2020-12 schema. Formats
// ("date") are asserted, not only annotated.
func Practice(t testing.TB) *Schema {
	t.Helper()
	practiceOnce.Do(func() {
		root, err := repoRoot()
		if err != nil {
			practiceErr = err
			return
		}
		practice, practiceErr = Compile(filepath.Join(root, PracticeFile))
	})
	if practiceErr != nil {
		t.Fatal(practiceErr)
	}
	return practice
}

// Compile reads and compiles the schema in file.
func Compile(file string) (*Schema, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	url := "file:///" + filepath.ToSlash(filepath.Base(file))
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return &Schema{file: file, s: s}, nil
}

// Validate checks the JSON document b; name says where it came from in
// the error.
func (s *Schema) Validate(name string, b []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: not JSON: %v", name, err)
	}
	if err := s.s.Validate(v); err != nil {
		return fmt.Errorf("%s does not match %s: %v", name, filepath.Base(s.file), err)
	}
	return nil
}

// ValidateFS checks every file matching pattern (e.g. "practices/*.json")
// in fsys, reporting each failure on t, and returns how many it checked.
func (s *Schema) ValidateFS(t testing.TB, fsys fs.FS, pattern string) int {
	t.Helper()
	files, err := fs.Glob(fsys, pattern)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(f, b); err != nil {
			if bad++; bad <= 5 {
				t.Error(err)
			}
		}
	}
	if bad > 5 {
		t.Errorf("%d more files do not match %s", bad-5, filepath.Base(s.file))
	}
	return len(files)
}

// repoRoot is the nearest folder above the working directory that holds
// go.mod: tests run in their package's folder.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
