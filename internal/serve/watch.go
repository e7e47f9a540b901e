package serve

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
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
func fingerprint(dirs []string) uint64 { return scan(dirs, time.Time{}, 0).sum }

// snapshot is what one walk over the inputs found.
type snapshot struct {
	sum     uint64    // the fingerprint
	newest  time.Time // the latest modification time not in the future
	partial string    // a CSV file changed within the last recent that does not end with a line break; "" if none
}

// scan walks dirs for their fingerprint. With recent > 0 it also notes the
// newest modification time up to now, and the first CSV file modified
// within recent of now that is empty or does not end with a line break:
// a writer that has paused half-way, most likely.
func scan(dirs []string, now time.Time, recent time.Duration) snapshot {
	var snap snapshot
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
			if recent > 0 {
				if m := info.ModTime(); m.After(snap.newest) && !m.After(now) {
					snap.newest = m
				}
				if snap.partial == "" && info.Mode().IsRegular() && strings.EqualFold(filepath.Ext(p), ".csv") &&
					info.ModTime().After(now.Add(-recent)) && !info.ModTime().After(now) && !endsWithNewline(p, info.Size()) {
					snap.partial = p
				}
			}
			return nil
		})
	}
	snap.sum = h.Sum64()
	return snap
}

// endsWithNewline reports whether the file of the given size is not empty
// and its last byte is a line break.
func endsWithNewline(name string, size int64) bool {
	if size == 0 {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return true // gone or unreadable: the fingerprint says so
	}
	defer f.Close()
	var b [1]byte
	_, err = f.ReadAt(b[:], size-1)
	return err == nil && b[0] == '\n'
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

// watcher says what to watch and how patiently.
type watcher struct {
	dirs                            []string
	poll, debounce, settle, maxWait time.Duration
	log                             io.Writer // says why a build waits
}

// watch polls the inputs every poll interval until ctx is done. When the
// fingerprint changes it waits until the inputs have been still for
// debounce, so a save that touches several files, or a file written in
// pieces, triggers one rebuild, not several. It then waits, too, until the
// newest input is settle old, and until no recently changed CSV file looks
// half-written (it is empty or does not end with a line break) or maxWait
// has passed since it changed, so a writer that pauses is not built
// half-way. rebuild runs on this goroutine, so builds never overlap;
// changes made during a build are seen at the next poll.
func watch(ctx context.Context, wc watcher, last uint64, rebuild func()) {
	tick := time.NewTicker(wc.poll)
	defer tick.Stop()
	var settled <-chan time.Time // non-nil while a change is settling
	waitingFor := ""             // the half-written file last reported
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if fp := fingerprint(wc.dirs); fp != last {
				last, settled = fp, time.After(wc.debounce)
			}
		case <-settled:
			now := time.Now()
			snap := scan(wc.dirs, now, wc.maxWait)
			if snap.sum != last {
				last, settled = snap.sum, time.After(wc.debounce)
				continue
			}
			if age := now.Sub(snap.newest); age < wc.settle {
				settled = time.After(wc.settle - age)
				continue
			}
			if snap.partial != "" {
				if snap.partial != waitingFor {
					fmt.Fprintf(wc.log, "%s waiting for %s: it does not end with a line break yet, so it may be half-written (building it as it is after %s)\n",
						now.Format("15:04:05"), snap.partial, wc.maxWait)
					waitingFor = snap.partial
				}
				settled = time.After(wc.poll)
				continue
			}
			waitingFor = ""
			settled = nil
			if ctx.Err() == nil {
				rebuild()
			}
		}
	}
}
