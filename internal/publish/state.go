package publish

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// State is what a build left in its output directory, recorded beside it
// (in .<out>.ratingsite-state) so the next build can tell what changed
// without reading every file.
type State struct {
	// Key identifies the inputs, program and options the build used.
	Key string
	// Warnings are the build's warnings, to repeat when a later build with
	// the same key skips the work.
	Warnings []string
	// Compressor is the compressorID of a -compress build, "" otherwise.
	Compressor string
	// Files maps each output path to its hash, size and modification time.
	Files map[string]FileState
	// Old are files an earlier build wrote that this one removes. The
	// state is written before the switch, when the folder still holds
	// them; it is written again without them after it.
	Old map[string]bool
}

// FileState is one output file as the build left it.
type FileState struct {
	Hash    string
	Size    int64
	ModTime int64 // Unix nanoseconds
	// Key is the hash of what the renderer made the file from (its
	// prepared view, or an image's scene), or "": see Reuse.
	Key string
}

// describes reports whether st has the size and modification time f
// recorded: the file is then taken to be as that build left it.
func (f FileState) describes(st fs.FileInfo) bool {
	return st.Size() == f.Size && st.ModTime().UnixNano() == f.ModTime
}

const stateMagic = "ratingsite-state 1"

// StatePath is where the state of the output directory out is kept.
func StatePath(out string) string { return beside(out, "state") }

// LoadState reads the state of out, or returns nil when there is none or
// it cannot be trusted.
func LoadState(out string) *State {
	data, err := os.ReadFile(StatePath(out))
	if err != nil {
		return nil
	}
	text := string(data)
	first, text, _ := strings.Cut(text, "\n")
	if first != stateMagic {
		return nil
	}
	// One line a file: sized once, the map is not grown 17 times.
	s := &State{Files: make(map[string]FileState, strings.Count(text, "\n")), Old: map[string]bool{}}
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "key":
			s.Key = rest
		case "warning":
			s.Warnings = append(s.Warnings, rest)
		case "compressor":
			s.Compressor = rest
		case "old":
			s.Old[rest] = true
		case "file", "filek":
			p, f, ok := parseFileLine(kind, rest)
			if !ok {
				return nil
			}
			s.Files[p] = f
		default:
			return nil
		}
	}
	if s.Key == "" {
		return nil
	}
	return s
}

// parseFileLine reads the rest of a state's file line:
//
//	file HASH SIZE MTIME PATH
//	filek HASH SIZE MTIME KEY PATH
func parseFileLine(kind, rest string) (string, FileState, bool) {
	n := 4
	if kind == "filek" {
		n = 5
	}
	f := strings.SplitN(rest, " ", n)
	if len(f) != n {
		return "", FileState{}, false
	}
	size, err1 := strconv.ParseInt(f[1], 10, 64)
	mt, err2 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil {
		return "", FileState{}, false
	}
	fs := FileState{Hash: f[0], Size: size, ModTime: mt}
	if n == 5 {
		fs.Key = f[3]
	}
	return f[n-1], fs, true
}

// Unchanged reports whether out holds the complete result of a build with
// this key: the previous build's state matches, and every file it recorded
// is still there with the size and time it left. Such a rebuild can skip
// all its work.
func Unchanged(out, key string) (*State, bool) {
	s := LoadState(out)
	if s == nil || s.Key != key || key == "" {
		return nil, false
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, false
	}
	if !allAsRecorded(abs, s.Files) {
		return nil, false
	}
	// A build killed before its switch leaves the old tree, which still
	// holds the files that build removes.
	for p := range s.Old {
		if _, err := os.Lstat(filepath.Join(abs, filepath.FromSlash(p))); err == nil {
			return nil, false
		}
	}
	return s, true
}

// allAsRecorded reports whether every file of files is in the folder abs
// with the size and modification time recorded. The files are looked at
// relative to the open folder, by one worker per CPU: this is most of a
// rebuild's time when nothing changed.
func allAsRecorded(abs string, files map[string]FileState) bool {
	root, err := openStatRoot(abs)
	if err != nil {
		return false
	}
	defer root.close()
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	workers := min(runtime.GOMAXPROCS(0), 1+len(paths)/2048)
	var bad atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(paths) && !bad.Load(); i += workers {
				f := files[paths[i]]
				size, mt, ok := root.lstat(filepath.FromSlash(paths[i]))
				if !ok || size != f.Size || mt != f.ModTime {
					bad.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !bad.Load()
}

// SaveWarnings records the warnings of this build with its state; Commit
// writes them.
func (pub *Publisher) SaveWarnings(w []string) { pub.warnings = w }

// saveState records the build's files, and the files it removes (old),
// beside the output folder.
func (pub *Publisher) saveState(key string, old []string) error {
	paths := make([]string, 0, len(pub.files))
	for p := range pub.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return writeAtomic(StatePath(pub.named), func(w *bufio.Writer) {
		fmt.Fprintln(w, stateMagic)
		fmt.Fprintln(w, "key", key)
		if pub.opt.Compress && compressorID() != "" {
			fmt.Fprintln(w, "compressor", compressorID())
		}
		for _, warn := range pub.warnings {
			fmt.Fprintln(w, "warning", strings.ReplaceAll(warn, "\n", " "))
		}
		for _, p := range paths {
			s := pub.files[p]
			if k := pub.keys[p]; k != "" {
				fmt.Fprintf(w, "filek %s %d %d %s %s\n", s.Hash, s.Size, s.ModTime, k, p)
				continue
			}
			fmt.Fprintf(w, "file %s %d %d %s\n", s.Hash, s.Size, s.ModTime, p)
		}
		for _, p := range old {
			fmt.Fprintf(w, "old %s\n", p)
		}
	})
}

// writeAtomic writes file through a temporary file renamed over it, so
// the file is always whole; the temporary file is removed on failure.
func writeAtomic(file string, write func(*bufio.Writer)) error {
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	write(w)
	err = w.Flush()
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
