package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"ratingsite/internal/encode"
	"ratingsite/internal/mapsvg"
	"ratingsite/internal/publish"
	"ratingsite/internal/urls"
	"strings"
	"sync"

	"ratingsite/internal/rating"
)

// Templates is the parsed set of page templates.
type Templates struct {
	pages map[string]*template.Template
	// partials executes the shared templates for the partial func, whose
	// results are cached: a rating badge or a date is rendered once per
	// build, not once per use.
	partials *template.Template
	cache    sync.Map // partialKey → template.HTML
	// source is the same set parsed as written, without minifying, for
	// error messages; nil on that set itself.
	source *Templates
}

type partialKey struct {
	name string
	data any
}

// partial renders the shared template name with data, once per distinct
// (name, data). data must be comparable (a rating, a cell, a date).
func (t *Templates) partial(name string, data any) (template.HTML, error) {
	k := partialKey{name, data}
	if h, ok := t.cache.Load(k); ok {
		return h.(template.HTML), nil
	}
	b := partialBufs.Get().(*bytes.Buffer)
	defer partialBufs.Put(b)
	b.Reset()
	if err := t.partials.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	// A copy of exactly the fragment's length: the cache keeps every
	// fragment for the whole build (a national build holds 100,000 list
	// rows), and a strings.Builder's string would keep its spare capacity.
	h := template.HTML(b.String())
	t.cache.Store(k, h)
	return h, nil
}

var partialBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Config is what templates need to know about where the site lives. It is
// fixed before templates load: the assets are published and the maps drawn
// first.
type Config struct {
	Base *urls.Base
	// Assets maps an asset name ("site.css") to where it is published.
	Assets map[string]Asset
	// CSP is the Content-Security-Policy of every page.
	CSP string
}

func (c *Config) funcs() template.FuncMap {
	return template.FuncMap{
		"url": c.Base.Link,
		"csp": func() string { return c.CSP },
		"abs": c.Base.Abs,
		"asset": func(name string) (string, error) {
			a, ok := c.Assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in assets/", name)
			}
			return c.Base.Link(a.Path), nil
		},
		"integrity": func(name string) (string, error) {
			a, ok := c.Assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in assets/", name)
			}
			return a.Integrity, nil
		},
		"date":       longDate,
		"isodate":    isoDate,
		"chart":      barChart,
		"ratings":    func() [4]rating.Value { return rating.Ratings },
		"nonratings": func() [len(rating.NonRatings)]rating.Value { return rating.NonRatings },
		"keyquestions": func() [5]rating.Domain {
			return rating.KeyQuestions
		},
		"inc":     func(i int) int { return i + 1 },
		"dict":    dict,
		"plural":  plural,
		"safeURL": encode.SafeURL,
		"add":     func(a, b int) int { return a + b },
		"miles":   milesLabel,
		// The map legends' classes and shades.
		"mapclasses": func() [mapsvg.NumClasses]mapsvg.Class { return mapsvg.Classes },
		"shades":     func() []mapsvg.Shade { return mapsvg.Shades },
	}
}

// dated is a time.Time or a rating.Day: both have IsZero and Format.
type dated interface {
	IsZero() bool
	Format(string) string
}

func longDate(t dated) string {
	if t.IsZero() {
		return "date not published"
	}
	return t.Format("2 January 2006")
}

func isoDate(t dated) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// LoadTemplates parses base.html and every partial (_*.html) with each page
// template (every other *.html) from fsys.
//
// Each file is parsed twice: as written, which reports syntax errors at
// their true lines and explains execution errors (see Execute), and as
// minified by publish.MinifyTemplate, which is the set pages are executed
// from. Pages executed from minified templates are minified already, so
// the publisher need not parse every page again.
func LoadTemplates(fsys fs.FS, cfg *Config) (*Templates, error) {
	src, err := loadTemplates(fsys, cfg, nil)
	if err != nil {
		return nil, err
	}
	t, err := loadTemplates(fsys, cfg, publish.MinifyTemplate)
	if err != nil {
		return nil, fmt.Errorf("%w (the template is valid as written but not once minified: report this as a bug)", err)
	}
	t.source = src
	return t, nil
}

func loadTemplates(fsys fs.FS, cfg *Config, minify func(string) (string, error)) (*Templates, error) {
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	t := &Templates{}
	funcs := cfg.funcs()
	funcs["partial"] = t.partial
	common := template.New("").Funcs(funcs).Option("missingkey=error")
	var pages []string
	for _, n := range names {
		if n != "base.html" && !strings.HasPrefix(n, "_") {
			pages = append(pages, n)
			continue
		}
		if err := parseFile(common, fsys, n, minify); err != nil {
			return nil, err
		}
	}
	if common.Lookup("base.html") == nil {
		return nil, fmt.Errorf("templates: base.html is missing")
	}
	t.pages = make(map[string]*template.Template, len(pages))
	if t.partials, err = common.Clone(); err != nil {
		return nil, err
	}
	for _, n := range pages {
		c, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(c, fsys, n, minify); err != nil {
			return nil, err
		}
		t.pages[n] = c
	}
	return t, nil
}

func parseFile(t *template.Template, fsys fs.FS, name string, minify func(string) (string, error)) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	text := string(b)
	if minify != nil {
		if text, err = minify(text); err != nil {
			return fmt.Errorf("templates/%s: minifying: %w", name, err)
		}
	}
	if _, err := t.New(name).Parse(text); err != nil {
		return fmt.Errorf("templates/%w", err)
	}
	return nil
}

// Execute renders page template name (e.g. "practice.html") through
// base.html into buf.
func (t *Templates) Execute(buf *bytes.Buffer, name string, data any) error {
	p, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("templates: no page template %s", name)
	}
	if err := p.ExecuteTemplate(buf, name, data); err != nil {
		// The minified text has other line numbers: run the templates as
		// written to report the error where the author can find it.
		if t.source != nil {
			var scratch bytes.Buffer
			if err1 := t.source.Execute(&scratch, name, data); err1 != nil {
				return err1
			}
		}
		return fmt.Errorf("templates/%s: %w", path.Base(name), err)
	}
	return nil
}

// dict builds a map from alternating keys and values, to pass several
// values to a template: {{template "x" (dict "ID" "a" "Dist" .D)}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
