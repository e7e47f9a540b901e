package render

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unsafe"

	"ratingsite/internal/maps"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/theme"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
	"ratingsite/internal/viewkey"
)

// capture is a Publisher that keeps every file in memory.
type capture struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *capture) Publish(p string, data []byte) error { return c.PublishMinified(p, data) }
func (c *capture) Minify(_ string, data []byte) ([]byte, error) {
	return data, nil
}
func (c *capture) PublishMinified(p string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[p] = bytes.Clone(data)
	return nil
}

// pages prepares the view of every HTML page of ru, with its key.
type prepared struct {
	j   job
	p   *view.Page
	key viewkey.Key
}

func preparePages(t *testing.T, ru *run, vh *viewkey.Hasher) []prepared {
	t.Helper()
	var out []prepared
	for _, sec := range pageSections {
		sec(ru, func(j job) {
			if j.page == nil {
				return
			}
			p := j.page()
			out = append(out, prepared{j, p, vh.Sum(viewkey.Key{}, j.path, j.template, j.embeds, p)})
		})
	}
	if len(out) < 100 {
		t.Fatalf("only %d pages", len(out))
	}
	return out
}

// renderPrepared renders each prepared view as its job would.
func renderPrepared(t *testing.T, pages []prepared, tm *theme.Theme) map[string][]byte {
	t.Helper()
	c := &capture{}
	var buf bytes.Buffer
	for _, pp := range pages {
		j := pp.j
		p := pp.p
		j.page = func() *view.Page { return p }
		buf.Reset()
		func() {
			defer func() {
				if e := recover(); e != nil {
					t.Errorf("%s: %v", j.path, e)
				}
			}()
			if err := j.run(&buf, tm, c); err != nil {
				t.Errorf("%s: %v", j.path, err)
			}
		}()
	}
	return c.files
}

// TestTemplatesReadNothingThroughReferences proves what internal/viewkey relies
// on: a view's references into the model (*site.Practice, *site.Area,
// *site.Month) are hashed by identity only, so no template may print
// anything it reaches through one. Every page is rendered from its
// prepared view, then the model is scrambled (every field of every
// entity but its identity) and the same views rendered again: no page may
// change.
func TestTemplatesReadNothingThroughReferences(t *testing.T) {
	s := sampleSite(t)
	ru, tm := testRun(t, s, maps.Options{})
	var vh viewkey.Hasher
	pages := preparePages(t, ru, &vh)
	refs := viewReferences(pages)
	before := renderPrepared(t, pages, tm)
	scrambleModel(s)
	after := renderPrepared(t, pages, tm)
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Errorf("%s prints something it reaches through a reference into the model; copy it into the view", p)
		}
	}
	// The test proves something only if the views hold references, and
	// only for those the scrambling reached: a template that printed
	// anything through one of them would have printed something else.
	for _, typ := range []reflect.Type{reflect.TypeFor[*site.Practice](), reflect.TypeFor[*site.Area]()} {
		if refs[typ] == nil {
			t.Errorf("no view holds a %s: the views changed, and the test must reach their references", typ)
		}
	}
	for typ, ptrs := range refs {
		for _, p := range ptrs {
			scrambled := true
			switch e := p.(type) {
			case *site.Practice:
				scrambled = e.ID != "" && e.Name == "" && e.Ratings == (site.Practice{}).Ratings
			case *site.Area:
				scrambled = e.Slug != "" && e.Name == "" && e.Practices == nil
			case *site.Month:
				scrambled = e.File != "" && !e.FromName
			}
			if !scrambled {
				t.Errorf("a view refers to a %s that the test did not scramble: make scrambleModel reach it", typ)
				break
			}
		}
		t.Logf("%d distinct %s referred to by the views", len(ptrs), typ)
	}
}

// viewReferences finds every reference into the model (the types the
// hasher hashes by identity) that the prepared views reach, by type.
func viewReferences(pages []prepared) map[reflect.Type][]any {
	out := map[reflect.Type][]any{}
	seen := map[any]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			p := reflect.NewAt(v.Type().Elem(), v.UnsafePointer()).Interface()
			if seen[p] {
				return
			}
			seen[p] = true
			if viewkey.IsReference(v.Type()) {
				out[v.Type()] = append(out[v.Type()], p)
				return
			}
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	for _, pp := range pages {
		walk(reflect.ValueOf(pp.p))
	}
	return out
}

// scrambleModel zeroes every field of every entity the hasher treats as
// a reference, except what identifies it.
func scrambleModel(s *site.Site) {
	keep := map[reflect.Type][]string{
		reflect.TypeFor[site.Practice](): {"ID"},
		reflect.TypeFor[site.Area]():     {"Kind", "Slug"},
		reflect.TypeFor[site.Month]():    {"File", "Month"},
	}
	zero := func(p any) {
		v := reflect.ValueOf(p).Elem()
		for i := range v.NumField() {
			if slices.Contains(keep[v.Type()], v.Type().Field(i).Name) {
				continue
			}
			f := v.Field(i)
			f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			f.SetZero()
		}
	}
	for _, p := range append(slices.Clone(s.Practices), s.Closed...) {
		zero(p)
	}
	for _, a := range append(slices.Clone(s.Regions), s.LocalAuthorities...) {
		zero(a)
	}
	for i := range s.Months {
		zero(&s.Months[i])
	}
}

// TestViewKeysCoverOutput changes the model as a new month would (a
// practice renamed, another's rating changed) and renders every page
// before and after: every page whose output changed must have a new key.
// Leaving a field out of the hash must break this (the second half).
func TestViewKeysCoverOutput(t *testing.T) {
	rename := func(s *site.Site) { s.Practices[3].Name = "Zzyzx Renamed Surgery" }
	rate := func(s *site.Site) {
		for _, p := range s.Practices[10:] {
			if c := &p.Ratings[rating.Whole][rating.Overall]; c.Value == rating.Good {
				c.Value = rating.Inadequate
				return
			}
		}
	}
	check := func(t *testing.T, change func(*site.Site)) (missed []string) {
		s := sampleSite(t)
		ru, tm := testRun(t, s, maps.Options{})
		a := preparePages(t, ru, &viewkey.Hasher{})
		outA := renderPrepared(t, a, tm)
		change(s)
		ru, tm = testRun(t, s, maps.Options{})
		b := preparePages(t, ru, &viewkey.Hasher{})
		outB := renderPrepared(t, b, tm)
		keyA := map[string]viewkey.Key{}
		for _, pp := range a {
			keyA[pp.j.path] = pp.key
		}
		var changed int
		for _, pp := range b {
			if bytes.Equal(outA[pp.j.path], outB[pp.j.path]) {
				continue
			}
			changed++
			if keyA[pp.j.path] == pp.key {
				missed = append(missed, pp.j.path)
			}
		}
		if changed < 3 || changed > len(b)/4 {
			t.Errorf("%d of %d pages changed; want a few", changed, len(b))
		}
		return missed
	}
	for name, change := range map[string]func(*site.Site){"rename": rename, "rating": rate} {
		if missed := check(t, change); len(missed) > 0 {
			t.Errorf("%s: pages changed but kept their key: %v", name, missed)
		}
	}
	// With the rows' rating left out of the hash, a list that shows the
	// changed practice changes but keeps its key.
	viewkey.Omit = func(typ reflect.Type, i int) bool {
		f := typ.Name() + "." + typ.Field(i).Name
		return f == "Cell.Value" || f == "PracticeRow.Slugs"
	}
	defer func() { viewkey.Omit = nil }()
	if missed := check(t, rate); len(missed) == 0 {
		t.Error("with a field left out of the hash, no page was missed: the test above cannot fail")
	} else {
		t.Logf("with the rows' rating left out: %d pages missed, e.g. %s", len(missed), missed[0])
	}
}

// BenchmarkViewHash measures the key of a practice page, the most common
// page.
func BenchmarkViewHash(b *testing.B) {
	s := sampleSite(b)
	ru, _ := testRun(b, s, maps.Options{})
	pages := make([]*view.Page, len(s.Practices))
	for i, p := range s.Practices {
		pages[i] = ru.practicePage(p)
	}
	var vh viewkey.Hasher
	i := 0
	for b.Loop() {
		vh.Sum(viewkey.Key{}, "x", "practice.html", false, pages[i%len(pages)])
		i++
	}
}

// TestEnvironmentCoversWhatPagesAreRenderedWith changes, one at a time,
// each thing that changes pages without changing their views: every one
// must change the environment key, which every page's key starts from.
func TestEnvironmentCoversWhatPagesAreRenderedWith(t *testing.T) {
	s := sampleSite(t)
	env := func(change func(ru *run, tm *theme.Theme)) viewkey.Key {
		t.Helper()
		ru, tm := testRun(t, s, maps.Options{})
		if change != nil {
			change(ru, tm)
		}
		k, err := (&incremental{}).environment(ru, tm)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	want := env(nil)
	if env(nil) != want {
		t.Fatal("the same environment hashes differently")
	}
	loaded := func(files map[string]string) func(ru *run, tm *theme.Theme) {
		return func(ru *run, tm *theme.Theme) {
			m := fstest.MapFS{}
			for name, text := range files {
				m[name] = &fstest.MapFile{Data: []byte(text)}
			}
			t2, err := theme.Load(m, ru.cfg.Base, ru.cfg.Assets)
			if err != nil {
				t.Fatal(err)
			}
			ru.Templates = m
			*tm = *t2
		}
	}
	const shell = `<!DOCTYPE html><html><head>{{.Head}}</head><body>{{.Header}}<main id="main">{{.Content}}</main>{{.Footer}}</body></html>`
	withShell := env(loaded(map[string]string{theme.ShellFile: shell}))
	for _, c := range []struct {
		name   string
		change func(ru *run, tm *theme.Theme)
	}{
		{"program", func(*run, *theme.Theme) {
			programID = func() (string, error) { return "another build", nil }
		}},
		{"words.toml", loaded(map[string]string{theme.WordsFile: "[about]\ntitle = \"Our about page\"\n"})},
		{"shell.html", loaded(map[string]string{theme.ShellFile: shell})},
		{"asset", func(ru *run, _ *theme.Theme) {
			ru.cfg.Assets["site.css"] = NewAsset("site.css", []byte("body{}"))
		}},
		{"new asset", func(ru *run, _ *theme.Theme) {
			ru.cfg.Assets["extra.js"] = NewAsset("extra.js", []byte("1"))
		}},
		{"base URL", func(ru *run, _ *theme.Theme) {
			ru.cfg.Base = urls.MustParse("https://example.org/ratings/")
		}},
		{"CSP", func(ru *run, _ *theme.Theme) { ru.cfg.CSP += "; upgrade-insecure-requests" }},
		{"tiles", func(ru *run, _ *theme.Theme) { ru.Maps.Tiles = "https://tile.example/{z}/{x}/{y}.png" }},
	} {
		saved := programID
		got := env(c.change)
		programID = saved
		if got == want {
			t.Errorf("a change to the %s does not change the environment", c.name)
		}
	}
	changed := env(loaded(map[string]string{theme.ShellFile: strings.Replace(shell, "<main", "<p>Beta</p><main", 1)}))
	if changed == withShell {
		t.Error("a change to shell.html does not change the environment")
	}
}
