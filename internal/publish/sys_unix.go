//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive flock on file, creating it; errLocked if
// another process holds it. The file is left in place: removing a lock
// file races with a process about to lock it.
func lockFile(file string) (func(), error) {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, lockError(file, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			err = errLocked
		}
		return nil, lockError(file, err)
	}
	return func() { f.Close() }, nil // closing releases the lock
}

// writable reports (as an error) whether this process may create and
// remove entries in the folder dir.
func writable(dir string) error {
	return unix.Access(dir, unix.W_OK)
}

// sameDevice reports whether a and b are on one file system (a folder and
// its parent are not when the folder is a mount point).
func sameDevice(a, b os.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || sa.Dev == sb.Dev
}

// freeSpace returns the bytes an unprivileged process may still write on
// the file system holding dir, and its block size.
func freeSpace(dir string) (free, block int64, ok bool) {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return 0, 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), int64(st.Bsize), true
}

// noSpace reports whether err says the file system (or the user's quota)
// is full.
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
