package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"ratingsite/internal/diag"
)

// checkInputLinks reports every symbolic link under the input folders on
// disk that leads nowhere or into a loop: Build hashes every input file to
// decide whether anything changed, and such a link would stop it with a
// bare "too many levels of symbolic links". Check and Build both call it,
// so check reports what build would refuse. It returns true if it found
// one.
func checkInputLinks(ins inputs, problems *diag.List) bool {
	found := false
	for _, in := range ins.all() {
		if !in.disk {
			continue // a file system given in Config has no real paths to follow
		}
		dir := in.name
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			continue // a missing folder is the readers' business
		}
		found = walkLinks(dir, real, map[string]bool{real: true}, problems) || found
	}
	return found
}

// walkLinks walks dir (whose real path is real; ancestors holds the real
// paths of the folders above it, itself included), following links to
// folders as the readers and the input hash do.
func walkLinks(dir, real string, ancestors map[string]bool, problems *diag.List) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	found := false
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			st, err := os.Stat(p)
			switch {
			case errors.Is(err, syscall.ELOOP):
				problems.Errorf(p, 0, "", "remove the link or point it at a file or folder that is not itself", "symbolic link to %q is a loop of links", target)
				found = true
				continue
			case err != nil:
				problems.Errorf(p, 0, "", "remove the link or point it at a file that exists", "symbolic link to %q leads nowhere", target)
				found = true
				continue
			case !st.IsDir():
				continue
			}
			r, err := filepath.EvalSymlinks(p)
			if err != nil {
				continue
			}
			if ancestors[r] {
				problems.Errorf(p, 0, "", "remove the link: an input folder cannot hold a link to itself or to a folder above it", "symbolic link to %q leads back to a folder that holds it, a loop", target)
				found = true
				continue
			}
			ancestors[r] = true
			found = walkLinks(p, r, ancestors, problems) || found
			delete(ancestors, r)
			continue
		}
		if e.IsDir() {
			r := filepath.Join(real, e.Name())
			ancestors[r] = true
			found = walkLinks(p, r, ancestors, problems) || found
			delete(ancestors, r)
		}
	}
	return found
}
