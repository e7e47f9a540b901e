package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"ratingsite/internal/diag"
)

// An input is one of a build's four input trees, as the readers see it.
type input struct {
	flag string // the command-line flag that names it: "-data"
	name string // what messages call its root: the folder as the user gave it
	fsys fs.FS  // nil when the folder does not exist
	disk bool   // fsys is the folder name on disk
}

// inputs are a build's four inputs, looked up once.
type inputs struct {
	data, content, templates, assets input
}

// inputs resolves the configuration's inputs; c has its defaults.
func (c Config) inputs() inputs {
	in := func(flag, name string, fsys fs.FS) input {
		if fsys != nil {
			return input{flag: flag, name: name, fsys: fsys}
		}
		return input{flag: flag, name: name, fsys: dirFS(name), disk: true}
	}
	return inputs{
		data:      in("-data", c.DataDir, c.Data),
		content:   in("-content", c.ContentDir, c.Content),
		templates: in("-templates", c.TemplatesDir, c.Templates),
		assets:    in("-assets", c.AssetsDir, c.Assets),
	}
}

// all lists the inputs in the order data, content, templates, assets.
func (in inputs) all() []input { return []input{in.data, in.content, in.templates, in.assets} }

// dirFS is os.DirFS(dir), or nil when dir does not exist, so the embedded
// defaults are used alone.
func dirFS(dir string) fs.FS {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	return os.DirFS(dir)
}

// file is the name messages give the input's file p (a slash-separated
// path inside it): "data/ratings/x.csv".
func (in input) file(p string) string {
	return filepath.Join(in.name, filepath.FromSlash(p))
}

// glob lists the input's files matching pattern (slash-separated, as
// fs.Glob takes it), sorted; none when the input is missing.
func (in input) glob(pattern string, problems *diag.List) []string {
	if in.fsys == nil {
		return nil
	}
	m, err := fs.Glob(in.fsys, pattern)
	if err != nil {
		problems.Errorf(in.file(pattern), 0, "", "", "%v", err)
	}
	sort.Strings(m)
	return m
}
