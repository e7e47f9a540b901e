//go:build !unix

package publish

import (
	"os"
	"path/filepath"
)

type statRoot struct{ root string }

func openStatRoot(root string) (*statRoot, error) { return &statRoot{root}, nil }

func (r *statRoot) lstat(rel string) (size, mtime int64, ok bool) {
	st, err := os.Lstat(filepath.Join(r.root, filepath.FromSlash(rel)))
	if err != nil || !st.Mode().IsRegular() {
		return 0, 0, false
	}
	return st.Size(), st.ModTime().UnixNano(), true
}

func (r *statRoot) close() {}
