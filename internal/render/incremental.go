package render

import (
	"bytes"
	"fmt"
	"sync/atomic"

	"github.com/zeebo/xxh3"

	"ratingsite/internal/buildid"
	"ratingsite/internal/theme"
	"ratingsite/internal/view"
	"ratingsite/internal/viewkey"
)

// Reuser is a publisher that remembers what each file was made from
// (publish.Publisher is one). Before a page is rendered, its key (see
// internal/viewkey) is offered to Reuse: when the previous build made the file
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
	vh   viewkey.Hasher
	env  viewkey.Key // what every page shares: see environment
	prog viewkey.Key // the program alone, for files keyed on their input
	made atomic.Int64
	used atomic.Int64
}

// startIncremental sets r.inc when the publisher records keys; t are the
// templates as loaded for this build.
func (r *run) startIncremental(pub Publisher, t *theme.Theme) error {
	re, ok := pub.(Reuser)
	if !ok || !re.Keyed() {
		return nil
	}
	inc := &incremental{pub: re}
	env, err := inc.environment(r, t)
	if err != nil {
		return err
	}
	inc.env = env
	r.inc = inc
	return nil
}

// environment hashes what every page is rendered with besides its view,
// anything that can change a page while its view stays the same:
//
//   - the program, by its Go build ID: the compiled templates (package
//     ratingsite/templates), the default words, the minifier and the
//     encoders are all in it, so a program built from other code renders
//     every page again;
//   - the site's words (templates/words.toml over the defaults, as
//     decoded: what the templates print) and its shell (templates/
//     shell.html as written, or none);
//   - the configuration the templates see: the base URL, every asset's
//     published (fingerprinted) path and integrity by name, the CSP, and
//     the tile base map.
//
// Most of the configuration is in every page's Shared too; the
// environment holds it whatever a view holds.
func (inc *incremental) environment(r *run, t *theme.Theme) (viewkey.Key, error) {
	prog, err := programID()
	if err != nil {
		return viewkey.Key{}, fmt.Errorf("identifying the program for incremental rendering: %w", err)
	}
	h := xxh3.New128()
	fmt.Fprintf(h, "program %q\n", prog)
	inc.prog = xxh3.HashString128(prog)
	return inc.vh.Sum(h.Sum128(), t.Words, t.Shell != nil, t.Shell, r.cfg, r.Maps.Tiles, r.Maps.TilesAttribution), nil
}

// programID identifies the program; tests replace it.
var programID = buildid.Program

// runJob is where a job runs (see Render's workers): a keyed job (a page,
// or a file with inputs) whose key the previous build recorded is reused;
// any other is made, and its key recorded.
func (r *run) runJob(j job, buf *bytes.Buffer, t *theme.Theme, pub Publisher) error {
	inc := r.inc
	if inc == nil || (j.page == nil && j.input == nil) {
		return j.run(buf, t, pub)
	}
	var key viewkey.Key
	if j.page != nil {
		p := j.page()
		key = inc.vh.Sum(inc.env, j.path, j.template, j.embeds, p)
		j.page = func() *view.Page { return p }
	} else {
		// A file made from an input (an image's scene, a practice's JSON
		// document) depends on the program and that input only.
		key = inc.vh.Sum(inc.prog, j.path, j.input())
	}
	ks := viewkey.String(key)
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
