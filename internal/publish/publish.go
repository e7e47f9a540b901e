package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Options tunes a Publisher.
type Options struct {
	// Compress also writes .gz and .br siblings of every text file.
	Compress bool
	// Replace allows an output folder that holds files this tool did not
	// write (it has no state of ours, or files the state does not list):
	// they are removed with the old tree. Without it such a folder is
	// refused when it has no state, and otherwise its extra files are
	// kept in the new tree, or the build is refused if the new site
	// needs their paths.
	Replace bool
}

// Publisher writes one build. Publish is safe for concurrent use.
type Publisher struct {
	named string // -out as given, made absolute: the state is kept beside it
	out   string // the folder named resolves to; "" for a dry run
	stage string // the new tree until Commit, beside out
	opt   Options
	min   *minify.M
	prev  *State   // what the previous build wrote, if known
	fresh bool     // out does not exist yet: every file is new
	old   *oldTree // what out holds, when it exists
	// base is the state of the spare the build stages into (what the
	// staging folder held when the build began), or nil for a new
	// staging folder; stageRoot looks at its files (see spare.go).
	base      *spareState
	stageRoot *statRoot
	// dirs are the staging directories already made, by slash path
	// under the staging root ("." for the root): each key is part of a
	// file's path, which files holds anyway, so a national build's 100,000
	// folders cost a map entry each and no new string.
	dirMu sync.Mutex
	dirs  map[string]struct{}
	ndirs atomic.Int64

	// full is set when the file system ran out of space: later files are
	// only counted, and Commit reports one error.
	full     atomic.Bool
	fullErr  error
	fullOnce sync.Once
	need     atomic.Int64 // bytes of the files that had to be written

	mu    sync.Mutex
	files map[string]FileState // every file of this build, as it will be left
	keys  map[string]string    // the key of what each file was made from (SetKey)

	written    atomic.Int64
	unchanged  atomic.Int64
	compressed atomic.Int64
	pages      atomic.Int64
	bytes      atomic.Int64
	removed    int
	leftover   string // where files found in the old tree were kept
	done       bool
	warnings   []string
	changed    []string // paths written or removed, for changed.txt
	kept       int      // files this tool did not write, kept in the new tree
}

// Stats counts what a build published.
type Stats struct {
	Files     int   // every file of the site
	Pages     int   // HTML files
	Bytes     int64 // their total size
	Written   int   // files written because they are new or changed
	Unchanged int   // files left as they were
	Removed   int   // files of the previous build that this one no longer makes
	// Kept counts the files in the output folder that this tool did not
	// write, carried into the new tree.
	Kept int
	// Leftover names the folder where files that appeared in the output
	// folder while the build ran were kept ("" when there were none).
	Leftover string
	// Compressed counts the files compressed with -compress; a file the
	// previous build left unchanged keeps its .gz and .br (see
	// keepCompressed).
	Compressed int
}

// htmlMinifier is how every HTML page is minified.
var htmlMinifier = html.Minifier{
	KeepDocumentTags: true,
	KeepEndTags:      true,
	KeepQuotes:       true,
}

// Minifier returns the minifier used for every output type.
func Minifier() *minify.M {
	m := minify.New()
	h := htmlMinifier
	m.Add("text/html", &h)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/geo+json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	m.AddFunc("application/atom+xml", xml.Minify)
	return m
}

// MinifyTemplate minifies the text of an html/template file as Publish
// minifies a page, leaving every {{action}} as it is. Pages executed from
// minified templates come out minified, so the renderer can hand them to
// PublishMinified and skip parsing each page again: at 100,000 practice
// pages that pass is a fifth of the build's CPU time.
func MinifyTemplate(text string) (string, error) {
	h := htmlMinifier
	h.TemplateDelims = html.GoTemplateDelims
	var b strings.Builder
	if err := h.Minify(minify.New(), &b, strings.NewReader(text), nil); err != nil {
		return "", err
	}
	return b.String(), nil
}

// New starts a build that will replace the output folder out. The
// caller holds Lock(out). Before anything is written it refuses an output
// folder it could not switch or empty: a mount point, one that is not
// writable, and one that holds files this tool did not write without the
// state of a previous build (unless opt.Replace).
func New(out string, opt Options) (*Publisher, error) {
	named, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	real, exists, err := realDir(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(real)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	p := &Publisher{named: named, out: real, opt: opt, min: Minifier(), files: map[string]FileState{}}
	if exists {
		st, err1 := os.Stat(real)
		pst, err2 := os.Stat(parent)
		if err1 == nil && err2 == nil && !sameDevice(st, pst) {
			return nil, fmt.Errorf("-out %s is a mount point (another file system than its parent %s), so the site cannot be switched into it in one step; build into a folder inside it (for example %s) and serve that, or point -out at such a folder through a symbolic link",
				out, parent, filepath.Join(real, "site"))
		}
		if err := writable(parent); err != nil {
			return nil, fmt.Errorf("cannot replace -out %s: its parent folder %s is not writable (%v); the site was left as it was", out, parent, err)
		}
		p.prev = LoadState(named)
		if p.old, err = scan(real, p.prev); err != nil {
			return nil, err
		}
		if p.prev == nil && p.old.files > 0 && !opt.Replace {
			return nil, notOurs(out, p.old.foreign, " and has no state of a previous build beside it")
		}
	} else {
		p.fresh = true
	}
	if !p.fresh && p.prev != nil {
		p.base = p.adoptSpare(real)
	} else {
		os.RemoveAll(beside(real, spareKind))
		os.Remove(beside(real, spareStateKind))
	}
	if p.base != nil {
		return p, nil
	}
	p.stage, err = os.MkdirTemp(parent, "."+filepath.Base(real)+stageInfix)
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	if err := os.Chmod(p.stage, 0o755); err != nil {
		os.RemoveAll(p.stage)
		return nil, err
	}
	return p, nil
}

// Discard returns a Publisher that checks and minifies every file but
// writes nothing: `ratingsite check` uses it.
func Discard() *Publisher {
	return &Publisher{min: Minifier(), files: map[string]FileState{}}
}

// MediaType is the media type of a site path, from its extension.
func MediaType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "text/javascript"
	case ".json":
		return "application/json"
	case ".geojson":
		return "application/geo+json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".txt":
		return "text/plain"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return strings.TrimSpace(strings.Split(t, ";")[0])
	}
	return "application/octet-stream"
}

// CheckPath reports whether p is a clean, relative, slash-separated path
// that stays inside the output directory ("practices/1-2/index.html").
func CheckPath(p string) error {
	if !fs.ValidPath(p) || p == "." || strings.Contains(p, "\\") || !filepath.IsLocal(filepath.FromSlash(p)) {
		return fmt.Errorf("publish: refusing unsafe output path %q", p)
	}
	if strings.HasPrefix(path.Base(p), ".") {
		return fmt.Errorf("publish: refusing hidden output path %q", p)
	}
	return nil
}

// Minify returns data minified for the media type of path p (or data
// itself for types that have no minifier).
func (pub *Publisher) Minify(p string, data []byte) ([]byte, error) {
	mt := MediaType(p)
	if _, _, fn := pub.min.Match(mt); fn == nil {
		return data, nil
	}
	out, err := pub.min.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("publish: minifying %s: %w", p, err)
	}
	return out, nil
}

// Publish minifies data by the media type of p and adds it to the build
// at p. Publishing one path twice is an error.
func (pub *Publisher) Publish(p string, data []byte) error {
	mt := MediaType(p)
	if _, _, fn := pub.min.Match(mt); fn == nil {
		return pub.PublishMinified(p, data)
	}
	// Minify into a pooled buffer: a national build minifies 200,000
	// files, and a fresh slice for each keeps the collector busy.
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	// A bytes.Buffer, unlike a bytes.Reader, lets the parser use data
	// without copying it.
	if err := pub.min.Minify(mt, buf, bytes.NewBuffer(data)); err != nil {
		return fmt.Errorf("publish: minifying %s: %w", p, err)
	}
	return pub.PublishMinified(p, buf.Bytes())
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// PublishMinified adds data, already minified, to the build at p.
func (pub *Publisher) PublishMinified(p string, data []byte) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	hash, err := pub.put(p, data)
	if err != nil {
		return err
	}
	if MediaType(p) == "text/html" {
		pub.pages.Add(1)
	}
	if pub.opt.Compress && compressible(p, len(data)) {
		if pub.keepCompressed(p, hash) {
			return nil
		}
		gz, br, err := compress(data)
		if err != nil {
			return fmt.Errorf("publish: compressing %s: %w", p, err)
		}
		pub.compressed.Add(1)
		if _, err := pub.put(p+".gz", gz); err != nil {
			return err
		}
		_, err = pub.put(p+".br", br)
		return err
	}
	return nil
}

// put records one file and stages it: hard-linked from the output folder
// when that already holds exactly these bytes, written otherwise. It
// returns the file's hash.
func (pub *Publisher) put(p string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:16])
	pub.mu.Lock()
	_, dup := pub.files[p]
	pub.files[p] = FileState{Hash: hash}
	pub.mu.Unlock()
	if dup {
		return "", fmt.Errorf("publish: %s was generated twice", p)
	}
	pub.bytes.Add(int64(len(data)))
	if pub.stage == "" {
		return hash, nil
	}
	full := filepath.Join(pub.stage, filepath.FromSlash(p))
	if f, ok := pub.inStage(p, hash); ok {
		pub.keptFromStage(p, f)
		return hash, nil
	}
	if !pub.fresh {
		if st, ok := pub.same(p, hash, data); ok {
			if err := pub.link(p, full); err == nil {
				pub.unchanged.Add(1)
				pub.record(p, hash, st)
				return hash, nil
			} else if pub.diskFull(err) {
				return hash, nil
			}
			// Cannot link (another file system under -out, a link
			// limit): write the same bytes instead.
		}
	}
	pub.written.Add(1)
	pub.need.Add((int64(len(data)) + 4095) &^ 4095) // whole blocks
	if pub.full.Load() {
		return hash, nil
	}
	if err := pub.mkdir(path.Dir(p)); err != nil {
		if pub.diskFull(err) {
			return hash, nil
		}
		return "", err
	}
	pub.clearStage(full)
	st, err := writeFile(full, data)
	if err != nil {
		if pub.diskFull(err) {
			os.Remove(full)
			return hash, nil
		}
		return "", err
	}
	pub.record(p, hash, st)
	pub.mu.Lock()
	pub.changed = append(pub.changed, p)
	pub.mu.Unlock()
	return hash, nil
}

// link hard-links the output folder's file p into the staging tree at
// full, so it keeps its inode and modification time.
func (pub *Publisher) link(p, full string) error {
	if pub.full.Load() {
		return nil
	}
	if err := pub.mkdir(path.Dir(p)); err != nil {
		return err
	}
	pub.clearStage(full)
	return os.Link(filepath.Join(pub.out, filepath.FromSlash(p)), full)
}

// diskFull reports whether err means the file system is full, and if so
// records it: the rest of the build only counts what it would write.
func (pub *Publisher) diskFull(err error) bool {
	if !noSpace(err) {
		return false
	}
	pub.fullOnce.Do(func() { pub.fullErr = err })
	pub.full.Store(true)
	return true
}

// record notes the size and time a file will have in the output (a rename
// keeps both), so the state can be saved without another look at it.
func (pub *Publisher) record(p, hash string, st fs.FileInfo) {
	pub.setFile(p, FileState{Hash: hash, Size: st.Size(), ModTime: st.ModTime().UnixNano()})
}

// setFile records file p as it will be left in the output.
func (pub *Publisher) setFile(p string, f FileState) {
	pub.mu.Lock()
	pub.files[p] = f
	pub.mu.Unlock()
}

// writeFile writes data to a new file and returns what the file system
// recorded of it. It never opens an existing file: one in the staging
// tree may be a hard link to a file of the published site.
func writeFile(name string, data []byte) (fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	st, err := f.Stat()
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return st, err
}

// mkdir makes the staging directory dir (a slash path under the staging
// root) and its parents, once each.
func (pub *Publisher) mkdir(dir string) error {
	pub.dirMu.Lock()
	_, ok := pub.dirs[dir]
	pub.dirMu.Unlock()
	if ok {
		return nil
	}
	full := filepath.Join(pub.stage, filepath.FromSlash(dir))
	if pub.base != nil {
		// A spare may hold a file where this build needs a folder.
		if st, err := os.Lstat(full); err == nil && !st.IsDir() {
			os.Remove(full)
		}
	}
	if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if !errors.Is(err, fs.ErrNotExist) || dir == "." {
			return err
		}
		if err := pub.mkdir(path.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	pub.dirMu.Lock()
	if pub.dirs == nil {
		pub.dirs = map[string]struct{}{}
	}
	if _, ok := pub.dirs[dir]; !ok {
		pub.dirs[dir] = struct{}{}
		pub.ndirs.Add(1)
	}
	pub.dirMu.Unlock()
	return nil
}

// same reports whether the output directory already holds data at p. The
// previous build's hashes answer without reading when the file's size
// matches what that build recorded; otherwise the file is read.
func (pub *Publisher) same(p, hash string, data []byte) (fs.FileInfo, bool) {
	full := filepath.Join(pub.out, filepath.FromSlash(p))
	st, err := os.Lstat(full)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return nil, false
	}
	if pub.old != nil && pub.old.links {
		// Never take a file through a link to a folder elsewhere.
		if d, err := filepath.EvalSymlinks(filepath.Dir(full)); err != nil || d != filepath.Dir(full) {
			return nil, false
		}
	}
	if pub.prev != nil {
		if f, ok := pub.prev.Files[p]; ok && f.describes(st) {
			return st, f.Hash == hash
		}
	}
	old, err := os.ReadFile(full)
	return st, err == nil && bytes.Equal(old, data)
}

// Stats counts the files published so far.
func (pub *Publisher) Stats() Stats {
	pub.mu.Lock()
	n := len(pub.files)
	pub.mu.Unlock()
	return Stats{
		Files: n, Pages: int(pub.pages.Load()), Bytes: pub.bytes.Load(),
		Written: int(pub.written.Load()), Unchanged: int(pub.unchanged.Load()), Removed: pub.removed,
		Compressed: int(pub.compressed.Load()), Kept: pub.kept, Leftover: pub.leftover,
	}
}

// Commit makes the build the content of the output folder. It checks the
// new tree against what the folder holds, records the state (see
// saveState) and changed.txt, switches the staging tree and the output
// folder in one step, and removes the old tree. Any error before the
// switch leaves the folder, its state and changed.txt as they were, and
// the staging tree is removed. key identifies the inputs, so that a later
// build with the same key can skip all the work (see Unchanged).
func (pub *Publisher) Commit(key string) error {
	if pub.done {
		return errors.New("publish: build already finished")
	}
	pub.done = true
	if pub.stage == "" {
		return nil
	}
	if pub.stageRoot != nil {
		defer pub.stageRoot.close()
	}
	switched := false
	defer func() {
		if !switched {
			os.RemoveAll(pub.stage)
		}
	}()
	if pub.full.Load() {
		return pub.noSpaceError()
	}
	carried := map[string]bool{}
	if pub.old != nil && !pub.opt.Replace {
		if err := pub.carryOver(); err != nil {
			return err
		}
		for _, p := range pub.old.foreign {
			carried[p] = true
		}
	}
	pub.removeStale(carried)
	removed := pub.removedPaths()
	pub.removed = len(removed)
	// The state is written before the switch and lists the files removed
	// too, so it describes the folder whether or not the switch happens
	// (a kill, a failure); it is written again without them afterwards.
	if err := pub.saveState(key, removed); err != nil {
		return pub.stateError(err)
	}
	changed := append(slices.Clip(pub.changed), removed...)
	slices.Sort(changed)
	if err := writeAtomic(ChangedPath(pub.named), func(w *bufio.Writer) {
		for _, p := range changed {
			w.WriteString(p)
			w.WriteByte('\n')
		}
	}); err != nil {
		return pub.stateError(err)
	}
	if pub.fresh {
		if err := os.Rename(pub.stage, pub.out); err != nil {
			return fmt.Errorf("cannot move the new site into %s: %w; nothing was changed", pub.out, err)
		}
		switched = true
		return nil
	}
	old, err := pub.switchTrees()
	if err != nil {
		return err
	}
	switched = true
	if len(removed) > 0 {
		pub.saveState(key, nil) // the state written above is right too
	}
	if !pub.keepSpare(old) {
		pub.leftover = pub.removeOld(old)
	}
	return nil
}

// switchTrees puts the staging tree in the place of the output folder in
// one step, and returns where the old tree now is. Where RENAME_EXCHANGE
// is not supported, the old tree is renamed away and the new one into
// place: for that moment the folder is missing, and a build killed then
// is undone by the next (Lock puts the old tree back).
func (pub *Publisher) switchTrees() (string, error) {
	err := exchange(pub.stage, pub.out)
	if err == nil {
		return pub.stage, nil
	}
	if !errors.Is(err, errNoExchange) {
		return "", fmt.Errorf("cannot switch the new site into %s: %w; nothing was changed", pub.out, err)
	}
	old := strings.Replace(pub.stage, stageInfix, oldInfix, 1)
	if err := os.Rename(pub.out, old); err != nil {
		return "", fmt.Errorf("cannot move the old site out of %s: %w; nothing was changed", pub.out, err)
	}
	if err := os.Rename(pub.stage, pub.out); err != nil {
		if err2 := os.Rename(old, pub.out); err2 != nil {
			return "", fmt.Errorf("cannot move the new site into %s (%v), nor the old one back from %s (%v)", pub.out, err, old, err2)
		}
		return "", fmt.Errorf("cannot move the new site into %s: %w; nothing was changed", pub.out, err)
	}
	os.RemoveAll(pub.stage)
	return old, nil
}

var errNoExchange = errors.New("RENAME_EXCHANGE is not supported")

// carryOver links into the new tree the files of the output folder that
// this tool did not write, so the switch loses none of them. It refuses
// (before anything is moved) when the new site needs one of their paths.
func (pub *Publisher) carryOver() error {
	var clash []string
	needs := pub.needs()
	for _, p := range pub.old.foreign {
		dst := filepath.Join(pub.stage, filepath.FromSlash(p))
		if needs != nil {
			// The staging folder is a spare: what it holds at p may be
			// its own copy, and only the new site's paths clash.
			if needs(p) {
				clash = append(clash, p)
				continue
			}
			pub.clearStage(dst)
		} else if _, err := os.Lstat(dst); err == nil || errors.Is(err, syscall.ENOTDIR) {
			clash = append(clash, p)
			continue
		}
		if pub.old.foreignDirs[p] {
			if err := pub.mkdir(p); err != nil {
				clash = append(clash, p)
			}
			continue
		}
		if err := pub.mkdir(path.Dir(p)); err != nil {
			if errors.Is(err, syscall.ENOTDIR) || errors.Is(err, fs.ErrExist) {
				clash = append(clash, p)
				continue
			}
			return fmt.Errorf("cannot keep %s in the new site: %w; nothing was changed", p, err)
		}
		if err := os.Link(filepath.Join(pub.out, filepath.FromSlash(p)), dst); err != nil {
			return fmt.Errorf("cannot keep %s, which ratingsite did not write, in the new site: %w; nothing was changed", filepath.Join(pub.out, p), err)
		}
		pub.kept++
	}
	if len(clash) > 0 {
		return notOurs(pub.named, clash, " where the new site puts its own files or folders (a link to a folder is never followed)")
	}
	return nil
}

// removedPaths lists the files the previous build wrote that are still
// in the output folder and that this build does not make (with Replace,
// also every other file there that it does not make).
func (pub *Publisher) removedPaths() []string {
	if pub.old == nil {
		return nil
	}
	var removed []string
	consider := func(p string) {
		if _, ok := pub.files[p]; ok {
			return
		}
		if _, err := os.Lstat(filepath.Join(pub.out, filepath.FromSlash(p))); err == nil {
			removed = append(removed, p)
		}
	}
	if pub.prev != nil {
		for p := range pub.prev.Files {
			consider(p)
		}
		for p := range pub.prev.Old {
			consider(p)
		}
	}
	if pub.opt.Replace {
		for _, p := range pub.old.foreign {
			if !pub.old.foreignDirs[p] && !pub.prev.wrote(p) {
				consider(p)
			}
		}
	}
	slices.Sort(removed)
	return slices.Compact(removed)
}

// removeOld removes the old tree at dir after the switch: the files the
// previous build wrote and those carried into the new tree (with Replace,
// everything). Anything else (a file put there while the build ran) is
// kept, in a folder whose name is returned.
func (pub *Publisher) removeOld(dir string) string {
	foreign := map[string]bool{}
	for _, p := range pub.old.foreign {
		foreign[p] = true
	}
	var dirs []string
	var walk func(rel string)
	walk = func(rel string) {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		dirs = append(dirs, full)
		f, err := os.Open(full)
		if err != nil {
			return
		}
		entries, _ := f.ReadDir(-1)
		f.Close()
		for _, e := range entries {
			p := e.Name()
			if rel != "." {
				p = rel + "/" + p
			}
			if e.IsDir() {
				walk(p)
			} else if pub.opt.Replace || foreign[p] || pub.prev.wrote(p) {
				syscall.Unlink(filepath.Join(dir, filepath.FromSlash(p)))
			}
		}
	}
	walk(".")
	for i := len(dirs) - 1; i >= 0; i-- {
		syscall.Rmdir(dirs[i]) // fails, harmlessly, unless empty
	}
	if _, err := os.Lstat(dir); err != nil {
		return ""
	}
	kept := strings.Replace(strings.Replace(dir, stageInfix, keptInfix, 1), oldInfix, keptInfix, 1)
	if os.Rename(dir, kept) != nil {
		return dir
	}
	return kept
}

// noSpaceError removes the staging tree and says, in one message, how
// much the build needed and how much was free.
func (pub *Publisher) noSpaceError() error {
	os.RemoveAll(pub.stage)
	parent := filepath.Dir(pub.out)
	free, block, ok := freeSpace(parent)
	need := pub.need.Load() + pub.ndirs.Load()*max(block, 4096)
	msg := fmt.Sprintf("not enough space on the file system holding %s: this build needs about %s for its %d new and changed files",
		pub.out, sizeText(need), pub.written.Load())
	if ok {
		msg += fmt.Sprintf(", and %s is free", sizeText(free))
	}
	return fmt.Errorf("%s (%v). Nothing was changed: the previous site and its state are as they were, and the staging folder was removed. Free some space, or build on a larger file system", msg, pub.fullErr)
}

// stateError reports a failure to record the state before the switch.
func (pub *Publisher) stateError(err error) error {
	if noSpace(err) {
		free, _, _ := freeSpace(filepath.Dir(pub.named))
		return fmt.Errorf("not enough space beside %s to record the build's state (%v; %s free). Nothing was changed: the previous site and its state are as they were, and the staging folder was removed", pub.named, err, sizeText(free))
	}
	return fmt.Errorf("cannot record the build's state beside %s: %w. Nothing was changed: the previous site and its state are as they were", pub.named, err)
}

// sizeText writes a byte count for a message.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Abort throws the staged files away; the output directory is untouched.
func (pub *Publisher) Abort() {
	if pub.done {
		return
	}
	pub.done = true
	if pub.stageRoot != nil {
		pub.stageRoot.close()
	}
	if pub.stage != "" {
		os.RemoveAll(pub.stage)
	}
}
