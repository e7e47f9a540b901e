// Package publish is the one place that writes output files. Every file of
// the site passes through Publish: it is checked to stay inside the output
// directory, minified by media type, optionally compressed, and compared
// with what the output directory already holds.
//
// Files that changed are written into a staging tree beside the output
// directory; nothing in the output changes until Commit. Commit then moves
// the staged files into place and removes files the build no longer makes,
// so a failed build never leaves a half-written site, an unchanged file is
// never rewritten (its modification time is left alone), and the result is
// byte-identical to a clean build.
package publish

import (
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
	"strings"
	"sync"
	"sync/atomic"

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
}

// Publisher writes one build. Publish is safe for concurrent use.
type Publisher struct {
	out   string // final directory; "" for a dry run
	stage string // where changed files are written until Commit
	opt   Options
	min   *minify.M
	prev  *State   // what the previous build wrote, if known
	fresh bool     // out does not exist yet: every file is new
	dirs  sync.Map // staging directories already made

	mu    sync.Mutex
	files map[string]FileState // every file of this build, as it will be left

	written    atomic.Int64
	unchanged  atomic.Int64
	compressed atomic.Int64
	pages      atomic.Int64
	bytes      atomic.Int64
	removed    int
	done       bool
	warnings   []string
}

// Stats counts what a build published.
type Stats struct {
	Files     int   // every file of the site
	Pages     int   // HTML files
	Bytes     int64 // their total size
	Written   int   // files written because they are new or changed
	Unchanged int   // files left as they were
	Removed   int   // files of the previous build that this one no longer makes
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

// New starts a build that will update the directory out.
func New(out string, opt Options) (*Publisher, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temporary directory beside %s: %w", out, err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	p := &Publisher{out: abs, stage: stage, opt: opt, min: Minifier(), files: map[string]FileState{}}
	if _, err := os.Stat(abs); err == nil {
		p.prev = LoadState(abs)
	} else {
		p.fresh = true
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

// put records one file and stages it unless the output already holds
// exactly these bytes. It returns the file's hash.
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
	if !pub.fresh {
		if st, ok := pub.same(p, hash, data); ok {
			pub.unchanged.Add(1)
			pub.record(p, hash, st)
			return hash, nil
		}
	}
	pub.written.Add(1)
	full := filepath.Join(pub.stage, filepath.FromSlash(p))
	if err := pub.mkdir(filepath.Dir(full)); err != nil {
		return "", err
	}
	st, err := writeFile(full, data)
	if err != nil {
		return "", err
	}
	pub.record(p, hash, st)
	return hash, nil
}

// record notes the size and time a file will have in the output (a rename
// keeps both), so the state can be saved without another look at it.
func (pub *Publisher) record(p, hash string, st fs.FileInfo) {
	pub.mu.Lock()
	pub.files[p] = FileState{Hash: hash, Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	pub.mu.Unlock()
}

// writeFile writes data to a new file and returns what the file system
// recorded of it.
func writeFile(name string, data []byte) (fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
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

// mkdir makes a staging directory and its parents, once each.
func (pub *Publisher) mkdir(dir string) error {
	if _, ok := pub.dirs.Load(dir); ok {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := pub.mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	pub.dirs.Store(dir, true)
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
		Compressed: int(pub.compressed.Load()),
	}
}

// Commit makes the build the content of the output directory. A first
// build renames the staging tree into place. Later builds move each
// changed file into place (a rename, so no reader ever sees half a file),
// then remove the files this build no longer makes. key identifies the
// inputs, so that a later build with the same key can skip all the work
// (see Unchanged).
func (pub *Publisher) Commit(key string) error {
	if pub.done {
		return errors.New("publish: build already finished")
	}
	pub.done = true
	if pub.stage == "" {
		return nil
	}
	defer os.RemoveAll(pub.stage)
	if _, err := os.Lstat(pub.out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(pub.stage, pub.out); err != nil {
			return fmt.Errorf("cannot move the new site into %s: %w", pub.out, err)
		}
	} else if err := pub.merge(); err != nil {
		return err
	}
	return pub.saveState(key)
}

// merge moves the staged files into the existing output directory and
// removes what the build no longer makes.
func (pub *Publisher) merge() error {
	err := filepath.WalkDir(pub.stage, func(full string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(pub.stage, full)
		dst := filepath.Join(pub.out, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if st, err := os.Lstat(dst); err == nil && st.IsDir() {
			if err := os.RemoveAll(dst); err != nil {
				return err
			}
		}
		return os.Rename(full, dst)
	})
	if err != nil {
		return fmt.Errorf("cannot update %s: %w", pub.out, err)
	}
	// Remove stale files, then the directories they leave empty (deepest
	// first).
	var dirs []string
	err = filepath.WalkDir(pub.out, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(pub.out, full)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, full)
			return nil
		}
		if _, ok := pub.files[filepath.ToSlash(rel)]; !ok {
			pub.removed++
			return os.Remove(full)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cannot remove stale files from %s: %w", pub.out, err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // fails, harmlessly, unless empty
	}
	return nil
}

// Abort throws the staged files away; the output directory is untouched.
func (pub *Publisher) Abort() {
	if pub.done {
		return
	}
	pub.done = true
	if pub.stage != "" {
		os.RemoveAll(pub.stage)
	}
}
