package fetch

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// tempPattern names the temporary files a fetch writes before renaming
// them into place. They start with a dot and do not end in .json or .ods,
// so no reader takes one for a document.
const tempPattern = ".fetch-*.tmp"

// writeAtomic writes b to file through a temporary file in the same
// folder, synced and then renamed: a reader, or a fetch that is
// interrupted, sees the old document or the new one, never half of one.
func writeAtomic(file string, b []byte) error {
	return writeAtomicFrom(file, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, nil)
}

// writeAtomicFrom is writeAtomic with the content written by fill, and
// checked by check (given the temporary file's name) before the rename.
func writeAtomicFrom(file string, fill func(io.Writer) error, check func(tmp string) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(file), tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if check != nil {
		if err = check(tmp); err != nil {
			return err
		}
	}
	return os.Rename(tmp, file)
}

// sameContent reports whether file holds exactly b.
func sameContent(file string, b []byte) bool {
	old, err := os.ReadFile(file)
	return err == nil && bytes.Equal(old, b)
}

// removeStaleTemps removes temporary files left in dir by a fetch that
// was killed before it could clean up.
func removeStaleTemps(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, ".fetch-") && strings.HasSuffix(n, ".tmp") {
			os.Remove(filepath.Join(dir, n))
		}
	}
}
