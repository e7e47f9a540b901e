//go:build unix

package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// statRoot opens the folder root to stat files relative to it, which
// saves looking up root's own path for each of a site's 20,000 to
// 250,000 files.
type statRoot struct{ fd int }

func openStatRoot(root string) (*statRoot, error) {
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: root, Err: err}
	}
	return &statRoot{fd}, nil
}

// lstat returns the size and modification time (Unix nanoseconds) of
// the regular file rel; ok is false when it is missing or not a regular
// file.
func (r *statRoot) lstat(rel string) (size, mtime int64, ok bool) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(r.fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			return 0, 0, false
		}
		break
	}
	return st.Size, st.Mtim.Nano(), true
}

func (r *statRoot) close() { unix.Close(r.fd) }
