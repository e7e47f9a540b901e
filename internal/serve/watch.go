package serve

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// fingerprint summarises the path, size, modification time and mode of
// every file and directory under dirs. Any edit, addition, removal or
// rename changes it. A directory that does not exist counts as absent, so
// creating it is a change too. Symbolic links are followed, so a data file
// linked in from elsewhere is watched as well.
func fingerprint(dirs []string) uint64 {
	h := fnv.New64a()
	var num [8]byte
	put := func(n int64) {
		binary.LittleEndian.PutUint64(num[:], uint64(n))
		h.Write(num[:])
	}
	for _, dir := range dirs {
		h.Write([]byte(dir))
		h.Write([]byte{0})
		root, err := filepath.EvalSymlinks(dir)
		if err != nil {
			h.Write([]byte("absent\x00"))
			continue
		}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				h.Write([]byte(p + "\x00unreadable\x00"))
				return nil
			}
			if p != root && ignored(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := os.Stat(p) // follows links, unlike d.Info
			if err != nil {
				h.Write([]byte(p + "\x00gone\x00"))
				return nil
			}
			h.Write([]byte(p))
			h.Write([]byte{0})
			put(info.Size())
			put(info.ModTime().UnixNano())
			put(int64(info.Mode()))
			return nil
		})
	}
	return h.Sum64()
}

// ignored reports whether a name is an editor's scratch file (Vim's swap
// files, Emacs's lock and backup files), which change while the user types
// and are never inputs.
func ignored(name string) bool {
	if strings.HasPrefix(name, ".#") || strings.HasSuffix(name, "~") {
		return true
	}
	if strings.HasPrefix(name, ".") {
		ext := filepath.Ext(name)
		return len(ext) == 4 && strings.HasPrefix(ext, ".sw") // .swp, .swo, .swx, …
	}
	return false
}

// watch polls dirs every poll interval until ctx is done. When the
// fingerprint changes it waits until the inputs have been still for
// debounce, so a save that touches several files, or a file written in
// pieces, triggers one rebuild, not several. rebuild runs on this
// goroutine, so builds never overlap; changes made during a build are seen
// at the next poll.
func watch(ctx context.Context, dirs []string, last uint64, poll, debounce time.Duration, rebuild func()) {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var settled <-chan time.Time // non-nil while a change is settling
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if fp := fingerprint(dirs); fp != last {
				last, settled = fp, time.After(debounce)
			}
		case <-settled:
			if fp := fingerprint(dirs); fp != last {
				last, settled = fp, time.After(debounce)
				continue
			}
			settled = nil
			if ctx.Err() == nil {
				rebuild()
			}
		}
	}
}
