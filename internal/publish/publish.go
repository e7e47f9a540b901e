// Package publish is the one place that writes output files. Every file of
// the site passes through Publish: it is checked to stay inside the output
// directory, minified by media type, and written into a temporary tree
// beside the output directory. Commit swaps that tree into place, so a
// failed build never leaves a half-written site.
package publish

import (
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

// Publisher writes one build. Publish is safe for concurrent use.
type Publisher struct {
	out string // final directory; "" for a dry run
	tmp string // the tree being written
	min *minify.M

	mu    sync.Mutex
	paths map[string]struct{}

	files atomic.Int64
	pages atomic.Int64
	bytes atomic.Int64
	done  bool
}

// Stats counts what a build published.
type Stats struct {
	Files int
	Pages int // HTML files
	Bytes int64
}

// Minifier returns the minifier used for every output type.
func Minifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepSpecialComments: false,
	})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/geo+json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	m.AddFunc("application/atom+xml", xml.Minify)
	return m
}

// New starts a build that will replace the directory out. The temporary
// tree is made beside out, on the same file system, so the swap is a rename.
func New(out string) (*Publisher, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temporary directory beside %s: %w", out, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Publisher{out: abs, tmp: tmp, min: Minifier(), paths: map[string]struct{}{}}, nil
}

// Discard returns a Publisher that checks and minifies every file but
// writes nothing: `ratingsite check` uses it.
func Discard() *Publisher {
	return &Publisher{min: Minifier(), paths: map[string]struct{}{}}
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
	return nil
}

// Publish minifies data by the media type of p and writes it at p inside
// the build. Publishing one path twice is an error.
func (pub *Publisher) Publish(p string, data []byte) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	pub.mu.Lock()
	_, dup := pub.paths[p]
	pub.paths[p] = struct{}{}
	pub.mu.Unlock()
	if dup {
		return fmt.Errorf("publish: %s was generated twice", p)
	}
	mt := MediaType(p)
	if _, _, fn := pub.min.Match(mt); fn != nil {
		min, err := pub.min.Bytes(mt, data)
		if err != nil {
			return fmt.Errorf("publish: minifying %s: %w", p, err)
		}
		data = min
	}
	pub.files.Add(1)
	if mt == "text/html" {
		pub.pages.Add(1)
	}
	pub.bytes.Add(int64(len(data)))
	if pub.tmp == "" {
		return nil
	}
	full := filepath.Join(pub.tmp, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// Stats counts the files published so far.
func (pub *Publisher) Stats() Stats {
	return Stats{Files: int(pub.files.Load()), Pages: int(pub.pages.Load()), Bytes: pub.bytes.Load()}
}

// Commit swaps the finished tree into place: the old output directory is
// moved aside, the new one renamed to it, and the old one removed.
func (pub *Publisher) Commit() error {
	if pub.done {
		return fmt.Errorf("publish: build already finished")
	}
	pub.done = true
	if pub.tmp == "" {
		return nil
	}
	var old string
	if _, err := os.Lstat(pub.out); err == nil {
		old = pub.tmp + ".old"
		if err := os.Rename(pub.out, old); err != nil {
			os.RemoveAll(pub.tmp)
			return fmt.Errorf("cannot move the previous %s aside: %w", pub.out, err)
		}
	}
	if err := os.Rename(pub.tmp, pub.out); err != nil {
		if old != "" {
			os.Rename(old, pub.out)
		}
		os.RemoveAll(pub.tmp)
		return fmt.Errorf("cannot move the new site into %s: %w", pub.out, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort throws the unfinished tree away; the previous output is untouched.
func (pub *Publisher) Abort() {
	if pub.done {
		return
	}
	pub.done = true
	if pub.tmp != "" {
		os.RemoveAll(pub.tmp)
	}
}
