//go:build !unix

package publish

import "os"

// lockFile is a no-op where flock is unavailable: concurrent builds into
// one folder are not prevented there.
func lockFile(file string) (func(), error) { return func() {}, nil }

func writable(dir string) error                         { return nil }
func sameDevice(a, b os.FileInfo) bool                  { return true }
func freeSpace(dir string) (free, block int64, ok bool) { return 0, 4096, false }
func noSpace(err error) bool                            { return false }
