package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"sync/atomic"

	"github.com/zeebo/xxh3"

	"ratingsite/internal/buildid"
)

// Reuser is a publisher that remembers what each file was made from
// (publish.Publisher is one). Before a page is rendered, its key (see
// viewhash.go) is offered to Reuse: when the previous build made the file
// from the same key, the publisher re-publishes that file unchanged and
// the template never runs. Otherwise the page is rendered and its key
// recorded with SetKey for the next build.
type Reuser interface {
	// Keyed reports whether the build records keys (it writes a state).
	Keyed() bool
	Reuse(path, key string) (bool, error)
	SetKey(path, key string)
}

// Counts say how many of a build's keyed files (pages, Open Graph images,
// practice JSON) were made, and how many were reused unchanged from the previous build.
type Counts struct {
	Made, Reused int
}

// incremental is one build's hashing and its counts.
type incremental struct {
	pub  Reuser
	vh   viewHasher
	env  Key // what every page shares: see environment
	prog Key // the program alone, for files keyed on their input
	made atomic.Int64
	used atomic.Int64
}

// startIncremental sets r.inc when the publisher records keys.
func (r *run) startIncremental(pub Publisher) error {
	re, ok := pub.(Reuser)
	if !ok || !re.Keyed() {
		return nil
	}
	inc := &incremental{pub: re}
	env, err := inc.environment(r)
	if err != nil {
		return err
	}
	inc.env = env
	r.inc = inc
	return nil
}

// environment hashes what every page is rendered with besides its view:
// the program (its templates' functions, the embedded templates, the
// encoders), every template file (the site's own and the defaults), and
// the configuration the templates see (base URL, assets, CSP).
func (inc *incremental) environment(r *run) (Key, error) {
	prog, err := buildid.Program()
	if err != nil {
		return Key{}, fmt.Errorf("identifying the program for incremental rendering: %w", err)
	}
	h := xxh3.New128()
	fmt.Fprintf(h, "program %q\n", prog)
	inc.prog = xxh3.HashString128(prog)
	if r.Templates != nil {
		err := fs.WalkDir(r.Templates, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(r.Templates, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "template %q %d\n", p, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return Key{}, fmt.Errorf("templates: %w", err)
		}
	}
	k := h.Sum128()
	return inc.vh.sum(k, r.cfg), nil
}

// runJob is where a job runs (see Render's workers): a keyed job (a page,
// or a file with inputs) whose key the previous build recorded is reused;
// any other is made, and its key recorded.
func (r *run) runJob(j job, buf *bytes.Buffer, t *Templates, pub Publisher) error {
	inc := r.inc
	if inc == nil || (j.page == nil && j.input == nil) {
		return j.run(buf, t, pub)
	}
	var key Key
	if j.page != nil {
		p := j.page()
		key = inc.vh.sum(inc.env, j.path, j.template, j.embeds, p)
		j.page = func() *Page { return p }
	} else {
		// A file made from an input (an image's scene, a practice's JSON
		// document) depends on the program and that input only.
		key = inc.vh.sum(inc.prog, j.path, j.input())
	}
	ks := keyString(key)
	ok, err := inc.pub.Reuse(j.path, ks)
	if ok || err != nil {
		inc.used.Add(1)
		return err
	}
	inc.made.Add(1)
	inc.pub.SetKey(j.path, ks)
	return j.run(buf, t, pub)
}

// counts reports the build's counts; zero when nothing was keyed.
func (inc *incremental) counts() Counts {
	if inc == nil {
		return Counts{}
	}
	return Counts{Made: int(inc.made.Load()), Reused: int(inc.used.Load())}
}
