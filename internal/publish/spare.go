package publish

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// The spare tree. After the switch the old tree is not removed: it is
// kept beside the output folder (.<name>.ratingsite-spare) with a state of
// its own (.<name>.ratingsite-spare-state), and the next build stages
// into it instead of into a new folder. A file that build makes with the
// bytes the spare already holds is then left where it is (one stat, to
// see it is as recorded); only files that differ are replaced, and files
// the build no longer makes are removed. A rebuild after a small change
// so costs a few file operations instead of making every folder, linking
// every file and removing the whole old tree: on the 7,500-practice site
// that was 7,500 folders, 19,000 links and 19,000 removals a build.
//
// The spare's state lists only how the spare differs from the output's
// state (the files of the last build): after a small change a few lines,
// where a copy of the whole state cost 75 MB of heap at 100,000
// practices. It names the state it was written against by that file's
// size and time, and is not used with any other.
//
// Safety: the spare's state is removed before the spare is used, and the
// spare is renamed to a staging name, so a build killed while staging
// leaves a staging folder (which the next Lock removes) and no spare. A
// spare without its state, or one whose state cannot be read, is removed.
// Files are never written in place: one in the spare may be a hard link
// to a file of the published site, so a changed file is removed and made
// anew.
const (
	spareKind      = "spare"
	spareStateKind = "spare-state"
)

// spareState is what the spare holds, as it differs from the output's
// state (Publisher.prev).
type spareState struct {
	// files are the spare's files that differ from the state's (or that
	// the state does not list); none are the state's files it lacks.
	files map[string]FileState
	none  map[string]bool
	// carried are the files (and empty folders) this tool did not write
	// that were carried into the spare's tree.
	carried []string
}

// spareFile returns what the spare holds at p.
func (pub *Publisher) spareFile(p string) (FileState, bool) {
	if f, ok := pub.base.files[p]; ok {
		return f, true
	}
	if pub.base.none[p] {
		return FileState{}, false
	}
	f, ok := pub.prev.Files[p]
	return f, ok
}

// spareFiles calls fn for every file the spare holds.
func (pub *Publisher) spareFiles(fn func(p string)) {
	for p := range pub.prev.Files {
		if _, ok := pub.base.files[p]; !ok && !pub.base.none[p] {
			fn(p)
		}
	}
	for p := range pub.base.files {
		fn(p)
	}
}

const spareMagic = "ratingsite-spare 1"

// adoptSpare makes the spare beside the folder real the staging folder,
// if there is one and its state can be trusted, and returns its state
// (how the staging folder differs from the output). Otherwise it removes
// any spare and returns nil.
func (pub *Publisher) adoptSpare(real string) *spareState {
	dir, stateFile := beside(real, spareKind), beside(real, spareStateKind)
	if _, err := os.Lstat(dir); err != nil {
		os.Remove(stateFile)
		return nil
	}
	s := loadSpareState(stateFile, StatePath(pub.named))
	// From here on the spare is being changed: without its state it is
	// never used again.
	if err := os.Remove(stateFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s = nil
	}
	if s == nil || pub.opt.Replace {
		os.RemoveAll(dir)
		return nil
	}
	stage, err := os.MkdirTemp(filepath.Dir(real), "."+filepath.Base(real)+stageInfix)
	if err == nil {
		os.Remove(stage)
		err = os.Rename(dir, stage)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil
	}
	if pub.stageRoot, err = openStatRoot(stage); err != nil {
		os.RemoveAll(stage)
		return nil
	}
	pub.stage, pub.base = stage, s
	// The spare's folders exist: mkdir need not make them again.
	pub.dirs = map[string]struct{}{".": {}}
	addDirs := func(p string) {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := pub.dirs[d]; ok {
				break
			}
			pub.dirs[d] = struct{}{}
		}
	}
	pub.spareFiles(addDirs)
	for _, p := range s.carried {
		addDirs(p)
	}
	return s
}

// loadSpareState reads the spare's state, or returns nil when there is
// none, it cannot be read, or it was written against another state than
// the one in the file state.
func loadSpareState(file, state string) *spareState {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	st, err := os.Stat(state)
	if err != nil {
		return nil
	}
	text := string(data)
	first, text, _ := strings.Cut(text, "\n")
	if first != spareMagic {
		return nil
	}
	against, text, _ := strings.Cut(text, "\n")
	if against != fmt.Sprintf("state %d %d", st.Size(), st.ModTime().UnixNano()) {
		return nil
	}
	s := &spareState{files: map[string]FileState{}, none: map[string]bool{}}
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "file":
			p, f, ok := parseFileLine(kind, rest)
			if !ok {
				return nil
			}
			s.files[p] = f
		case "none":
			s.none[rest] = true
		case "carried":
			s.carried = append(s.carried, rest)
		default:
			return nil
		}
	}
	return s
}

// inStage reports whether the staging folder, a spare, already holds p
// with this hash, as its state recorded it; st is then what the state
// records of it.
func (pub *Publisher) inStage(p, hash string) (FileState, bool) {
	if pub.base == nil || pub.stageRoot == nil {
		return FileState{}, false
	}
	f, ok := pub.spareFile(p)
	if !ok || f.Hash != hash {
		return FileState{}, false
	}
	size, mt, ok := pub.stageRoot.lstat(filepath.FromSlash(p))
	if !ok || size != f.Size || mt != f.ModTime {
		return FileState{}, false
	}
	return FileState{Hash: hash, Size: size, ModTime: mt}, true
}

// clearStage removes what the spare holds at full, before a file is made
// or linked there.
func (pub *Publisher) clearStage(full string) {
	if pub.base == nil {
		return
	}
	if err := syscall.Unlink(full); err == syscall.EISDIR || err == syscall.EPERM {
		os.RemoveAll(full)
	}
}

// keptFromStage records p, which the spare already holds as it should,
// as published; it counts as unchanged only if the published site has it
// too (otherwise it is a change, for changed.txt).
func (pub *Publisher) keptFromStage(p string, f FileState) {
	pub.mu.Lock()
	pub.files[p] = f
	same := false
	if pub.prev != nil {
		old, ok := pub.prev.Files[p]
		same = ok && old.Hash == f.Hash
	}
	if !same {
		pub.changed = append(pub.changed, p)
	}
	pub.mu.Unlock()
	if same {
		pub.unchanged.Add(1)
	} else {
		pub.written.Add(1)
	}
}

// removeStale removes from the staging folder, a spare, what it holds
// and the new site does not: files of the spare's build that this one
// does not make, and files carried into it that are not carried again
// (carried are this build's), then the folders left empty.
func (pub *Publisher) removeStale(carried map[string]bool) {
	if pub.base == nil {
		return
	}
	dirs := map[string]bool{}
	drop := func(p string) {
		if _, ok := pub.files[p]; ok || carried[p] {
			return
		}
		full := filepath.Join(pub.stage, filepath.FromSlash(p))
		if err := syscall.Unlink(full); err == syscall.EISDIR || err == syscall.EPERM {
			syscall.Rmdir(full)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	pub.spareFiles(drop)
	for _, p := range pub.base.carried {
		drop(p)
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// Deepest first; Rmdir fails, harmlessly, on a folder still in use.
	slices.SortFunc(list, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range list {
		if syscall.Rmdir(filepath.Join(pub.stage, filepath.FromSlash(d))) == nil {
			pub.dirMu.Lock()
			delete(pub.dirs, d)
			pub.dirMu.Unlock()
		}
	}
}

// keepSpare keeps the old tree at dir, after the switch, as the next
// build's spare, if it holds nothing but the previous build's files and
// the files carried into it. It reports whether it did; if not, the
// caller removes the tree as before.
func (pub *Publisher) keepSpare(dir string) bool {
	if pub.prev == nil || pub.opt.Replace {
		return false
	}
	foreign := make(map[string]bool, len(pub.old.foreign))
	for _, p := range pub.old.foreign {
		foreign[p] = true
	}
	// A file that appeared in the folder while the build ran is in
	// neither: the old tree is then handled as before, which keeps it.
	clean := true
	err := walkFolders(dir, nil, func(rel string, entries []fs.DirEntry) error {
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			p := path.Join(rel, e.Name())
			if _, ok := pub.prev.Files[p]; !ok && !foreign[p] {
				clean = false
				return errStopWalk
			}
		}
		return nil
	})
	if err != nil {
		clean = false
	}
	if !clean {
		return false
	}
	spare := beside(pub.out, spareKind)
	os.RemoveAll(spare)
	if err := os.Rename(dir, spare); err != nil {
		return false
	}
	if err := pub.writeSpareState(beside(pub.out, spareStateKind)); err != nil {
		os.Remove(beside(pub.out, spareStateKind))
		os.RemoveAll(spare)
	}
	return true
}

// writeSpareState records what the spare (the old tree, the previous
// build's files and the files carried into it) holds, as it differs from
// this build's state, which must be written already.
func (pub *Publisher) writeSpareState(file string) error {
	st, err := os.Stat(StatePath(pub.named))
	if err != nil {
		return err
	}
	var lines []string
	for p, f := range pub.prev.Files {
		if now, ok := pub.files[p]; !ok || now.Hash != f.Hash || now.Size != f.Size || now.ModTime != f.ModTime {
			lines = append(lines, fmt.Sprintf("file %s %d %d %s", f.Hash, f.Size, f.ModTime, p))
		}
	}
	for p := range pub.files {
		if _, ok := pub.prev.Files[p]; !ok {
			lines = append(lines, "none "+p)
		}
	}
	slices.Sort(lines)
	return writeAtomic(file, func(w *bufio.Writer) {
		fmt.Fprintln(w, spareMagic)
		fmt.Fprintf(w, "state %d %d\n", st.Size(), st.ModTime().UnixNano())
		for _, l := range lines {
			w.WriteString(l)
			w.WriteByte('\n')
		}
		for _, p := range pub.old.foreign {
			fmt.Fprintf(w, "carried %s\n", p)
		}
	})
}

// needs returns, when the staging folder is a spare, a test of whether
// the new site needs path p: as one of its files, as a folder of one, or
// under one of its files. It returns nil otherwise.
func (pub *Publisher) needs() func(p string) bool {
	if pub.base == nil || len(pub.old.foreign) == 0 {
		return nil
	}
	dirs := map[string]bool{}
	for f := range pub.files {
		for d := path.Dir(f); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return func(p string) bool {
		if _, ok := pub.files[p]; ok || dirs[p] {
			return true
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := pub.files[d]; ok {
				return true
			}
		}
		return false
	}
}
