package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// The files a build keeps beside the output folder <dir>/<name> share the
// prefix .<name>.ratingsite-:
//
//	.<name>.ratingsite-state        what the last build wrote (StatePath)
//	.<name>.ratingsite-changed.txt  the paths it wrote or removed (ChangedPath)
//	.<name>.ratingsite-lock         held while a build runs (Lock)
//	.<name>.ratingsite-stage-*      a build's new tree until the switch;
//	                                after the switch, the old tree until
//	                                it is removed
//	.<name>.ratingsite-old-*        the old tree, only while the fallback
//	                                switch (two renames) runs
//
// Staging folders are made beside the folder -out resolves to, so they
// are on its file system and the switch is one rename.
const (
	stageInfix = ".ratingsite-stage-"
	oldInfix   = ".ratingsite-old-"
	keptInfix  = ".ratingsite-kept-"
)

// beside returns the path of the hidden file or folder of kind (such as
// "state") kept beside the folder dir.
func beside(dir, kind string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".ratingsite-"+kind)
}

// ChangedPath is where a build that ran lists the site paths it wrote
// (new or changed) or removed, one per line, sorted: for a CDN
// invalidation or an uploader. A build that finds its inputs unchanged
// and skips the work leaves the file as it was.
func ChangedPath(out string) string { return beside(out, "changed.txt") }

// realDir returns the absolute folder out resolves to after following
// every symbolic link, and whether it exists. A dangling link is an error.
func realDir(out string) (string, bool, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", false, err
	}
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		// Resolve the parent, so that staging is made where the folder
		// will be.
		parent, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return abs, false, nil
		}
		return filepath.Join(parent, filepath.Base(abs)), false, nil
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", false, fmt.Errorf("-out %s is a symbolic link to a folder that does not exist (%v); create the folder or point -out elsewhere", out, err)
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", false, err
	}
	if !st.IsDir() {
		return "", false, fmt.Errorf("-out %s is a file, not a folder", out)
	}
	return real, true, nil
}

// Lock takes the lock of the output folder out (a lock file beside the
// folder out resolves to), so that two builds into one folder never
// interleave: a second build is refused while the first runs. Under the
// lock it then tidies what a killed build left beside the folder: a
// staging folder is removed, and an old tree left by an interrupted
// fallback switch is put back when the folder itself is missing. Call
// unlock when the build has finished.
func Lock(out string) (unlock func(), err error) {
	real, _, err := realDir(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", filepath.Dir(real), err)
	}
	unlock, err = lockFile(beside(real, "lock"))
	if err != nil {
		return nil, err
	}
	if err := recoverLeftovers(real); err != nil {
		unlock()
		return nil, err
	}
	for _, tmp := range tmpFiles(out) {
		os.Remove(tmp)
	}
	os.Remove(spareStateTmp(real))
	return unlock, nil
}

// errLocked is returned by lockFile when another process holds the lock.
var errLocked = errors.New("locked")

func lockError(file string, err error) error {
	if errors.Is(err, errLocked) {
		return fmt.Errorf("another build into %s is running (it holds %s); wait for it to finish, or build into another -out",
			strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "."), ".ratingsite-lock"), file)
	}
	return fmt.Errorf("cannot lock %s: %w", file, err)
}

// HasLeftovers reports whether a killed build left a staging folder or an
// old tree beside the folder out resolves to (see Lock).
func HasLeftovers(out string) bool {
	real, _, err := realDir(out)
	if err != nil {
		return false
	}
	for _, tmp := range append(tmpFiles(out), spareStateTmp(real)) {
		if _, err := os.Lstat(tmp); err == nil {
			return true
		}
	}
	name := filepath.Base(real)
	entries, _ := os.ReadDir(filepath.Dir(real))
	for _, e := range entries {
		if rest, ok := strings.CutPrefix(e.Name(), "."+name); ok && e.IsDir() &&
			(strings.HasPrefix(rest, stageInfix) || strings.HasPrefix(rest, oldInfix) || legacyStage(rest)) {
			return true
		}
	}
	return false
}

// tmpFiles are the temporary files of the state and changed.txt, which a
// build killed while writing them leaves.
func tmpFiles(out string) []string {
	return []string{StatePath(out) + ".tmp", ChangedPath(out) + ".tmp"}
}

// spareStateTmp is the temporary file of the spare's state (kept beside
// the folder real, like the spare), which a build killed while writing it
// leaves.
func spareStateTmp(real string) string { return beside(real, spareStateKind) + ".tmp" }

// recoverLeftovers removes the staging folders beside real and, if real
// is missing, puts back an old tree that a killed fallback switch left.
func recoverLeftovers(real string) error {
	dir, name := filepath.Dir(real), filepath.Base(real)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // nothing to tidy; New reports an unusable folder
	}
	_, err = os.Lstat(real)
	missing := errors.Is(err, fs.ErrNotExist)
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !strings.HasPrefix(n, "."+name+".") {
			continue
		}
		full := filepath.Join(dir, n)
		switch rest := strings.TrimPrefix(n, "."+name); {
		case strings.HasPrefix(rest, oldInfix) && missing:
			if err := os.Rename(full, real); err != nil {
				return fmt.Errorf("%s is missing and the previous site is in %s, which cannot be put back: %w", real, full, err)
			}
			missing = false
		case strings.HasPrefix(rest, stageInfix), strings.HasPrefix(rest, oldInfix), legacyStage(rest):
			if err := os.RemoveAll(full); err != nil {
				return fmt.Errorf("cannot remove %s, left by an interrupted build: %w", full, err)
			}
		}
	}
	return nil
}

// legacyStage reports whether rest (a name after ".<out>") is a staging
// folder of an earlier version: ".tmp-" and the digits of os.MkdirTemp.
func legacyStage(rest string) bool {
	d, ok := strings.CutPrefix(rest, ".tmp-")
	return ok && d != "" && strings.Trim(d, "0123456789") == ""
}

// oldTree is what New found in an existing output folder.
type oldTree struct {
	// foreign are the entries (files, links, anything but folders) that
	// the previous build's state does not list, and the folders that are
	// empty; foreignDirs marks the latter.
	foreign     []string
	foreignDirs map[string]bool
	files       int  // every non-folder entry
	links       bool // the folder holds a symbolic link somewhere
}

// scan walks the output folder real without following links. It refuses
// a folder it could not empty afterwards: one that is not writable.
func scan(real string, prev *State) (*oldTree, error) {
	t := &oldTree{foreignDirs: map[string]bool{}}
	check := func(full string) error {
		if err := writable(full); err != nil {
			return fmt.Errorf("cannot replace %s: the folder is not writable (%v); the site was left as it was", full, err)
		}
		return nil
	}
	err := walkFolders(real, check, func(rel string, entries []fs.DirEntry) error {
		if len(entries) == 0 && rel != "." {
			t.foreign = append(t.foreign, rel)
			t.foreignDirs[rel] = true
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			p := path.Join(rel, e.Name())
			t.files++
			if e.Type()&fs.ModeSymlink != 0 {
				t.links = true
			}
			if !prev.wrote(p) {
				t.foreign = append(t.foreign, p)
			}
		}
		return nil
	})
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("cannot read %s: %w; the site was left as it was", pe.Path, err)
		}
		return nil, err
	}
	slices.Sort(t.foreign)
	return t, nil
}

// wrote reports whether the build that left state s wrote p (s may be nil).
func (s *State) wrote(p string) bool {
	if s == nil {
		return false
	}
	if _, ok := s.Files[p]; ok {
		return true
	}
	return s.Old[p]
}

// someOf lists up to four of paths for a message.
func someOf(paths []string) string {
	const max = 4
	q := make([]string, 0, max)
	for i, p := range paths {
		if i == max {
			break
		}
		q = append(q, p)
	}
	s := strings.Join(q, ", ")
	if len(paths) > max {
		s += fmt.Sprintf(" and %d more", len(paths)-max)
	}
	return s
}

// notOurs is the error for an output folder holding files this tool did
// not write.
func notOurs(out string, paths []string, why string) error {
	return fmt.Errorf("-out %s holds files that ratingsite did not write (%s)%s; nothing was changed. Choose an empty or new folder, or pass -replace to replace the folder and everything in it",
		out, someOf(paths), why)
}
