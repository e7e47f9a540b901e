package pipeline

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// overlay is a file system in which a site's own files (Top) override the
// embedded defaults (Base) by name. Either may be nil.
type overlay struct {
	Top, Base fs.FS
}

// Open opens name from Top if it is there, else from Base.
func (o overlay) Open(name string) (fs.File, error) {
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if o.Base == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.Base.Open(name)
}

// ReadDir lists a directory as the union of both layers, sorted by name;
// an entry in Top hides the one of the same name in Base.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, f := range []fs.FS{o.Top, o.Base} {
		if f == nil {
			continue
		}
		entries, err := fs.ReadDir(f, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
