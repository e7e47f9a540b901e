package content

import (
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"ratingsite/internal/diag"
	"ratingsite/internal/urls"
)

// MaxTitle is the longest title, in characters, that a release can have
// without a warning.
const MaxTitle = 70

// NewsDir is the folder of press releases inside the content directory.
const NewsDir = "news"

// Release is one press release, from content/news/<name>.md.
type Release struct {
	File string // as given in messages, e.g. "content/news/state-of-care.md"
	// Slug comes from the file name: lower case, a leading YYYY-MM-DD-
	// removed, e.g. "2026-11-05-state-of-care.md" is "state-of-care".
	Slug    string
	Title   string
	Date    time.Time
	Summary string
	// Figures is the first day of the month whose figures the release
	// quotes: from its front matter's data:, else the newest month of data
	// on or before its date. Zero when it quotes none (or the build has no
	// monthly files).
	Figures time.Time
	// Regions and Practices are the region slugs and Location IDs the
	// release concerns, as its front matter lists them (checked).
	Regions   []string
	Practices []string
	// Body is the rendered HTML for the release's page; FeedBody the same
	// with absolute links, for the feed.
	Body     template.HTML
	FeedBody template.HTML
}

// FiguresAsAt is the month of the release's figures as pages print it,
// e.g. "October 2026", or "".
func (r *Release) FiguresAsAt() string {
	if r.Figures.IsZero() {
		return ""
	}
	return monthLabel(r.Figures)
}

// Path is the release's page path, e.g. "/news/state-of-care/".
func (r *Release) Path() string { return urls.Release(r.Slug) }

var datePrefix = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}-`)

// ReleaseSlug is the slug of a release file name.
func ReleaseSlug(name string) string {
	s := strings.ToLower(strings.TrimSuffix(name, ".md"))
	s = datePrefix.ReplaceAllString(s, "")
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// ReadNews renders every news/*.md file in fsys as a press release,
// newest first; drafts are skipped. Every release needs front matter with
// a title and a date. Problems name the file and line; all are reported.
func ReadNews(fsys fs.FS, dir string, opts Options, problems *diag.List) []*Release {
	if fsys == nil {
		return nil
	}
	names, err := fs.Glob(fsys, NewsDir+"/*.md")
	if err != nil {
		problems.Errorf(path.Join(dir, NewsDir), 0, "", "", "%v", err)
		return nil
	}
	sort.Strings(names)
	c := newConverter(opts, problems)
	// abs renders the feed's copy, with absolute links; what it finds was
	// reported by c already.
	abs := newConverter(opts, &diag.List{})
	abs.opts.URL = abs.opts.Abs
	bySlug := map[string]string{}
	var out []*Release
	for _, name := range names {
		file := path.Join(dir, name)
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems.Errorf(file, 0, "", "", "cannot read: %v", err)
			continue
		}
		slug := ReleaseSlug(path.Base(name))
		if slug == "" || slug == "page" || slug == "feed-xml" {
			problems.Errorf(file, 1, "", "rename the file with letters or digits, e.g. state-of-care.md", "file name %q gives no usable address under /news/", path.Base(name))
			continue
		}
		if first, dup := bySlug[slug]; dup {
			problems.Errorf(file, 1, "", "rename one of the two files", "the address /news/%s/ is also that of %s", slug, first)
			continue
		}
		bySlug[slug] = file
		d, ok := c.convert(src, file, releaseKeys, true)
		if d.meta.Present {
			if d.metaOK && d.meta.Date.IsZero() {
				problems.Errorf(file, 1, "date", "add a line such as \"date: 2026-11-05\" to the front matter", "missing date")
				ok = false
			}
			ok = checkRefs(d.meta, file, opts.Resolver, problems) && ok
		}
		if !ok || d.meta.Draft {
			continue
		}
		if !opts.Now.IsZero() && d.meta.Date.After(opts.Now) {
			problems.Warnf(file, d.meta.Lines["date"], "date", "it is published now, with this date; correct the date if it is a mistake",
				"the release is dated %s, after the build's date %s", d.meta.Date.Format(DateLayout), opts.Now.Format(DateLayout))
		}
		if n := utf8.RuneCountInString(d.title); n > MaxTitle {
			problems.Warnf(file, max(d.meta.Lines["title"], 1), "title", "shorten it: browser tabs and search results show about 70 characters",
				"the title is %d characters long", n)
		}
		r := &Release{File: file, Slug: slug, Title: d.title, Date: d.meta.Date, Summary: d.summary, Body: d.body, Figures: d.figures}
		for _, ref := range d.meta.Regions {
			r.Regions = append(r.Regions, ref.Value)
		}
		for _, ref := range d.meta.Practices {
			r.Practices = append(r.Practices, ref.Value)
		}
		// The same body with absolute links, for the feed. Any problem was
		// reported by the first pass.
		if fd, ok := abs.convert(src, file, releaseKeys, true); ok {
			r.FeedBody = fd.body
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}

// checkRefs reports every region slug and Location ID of the front
// matter that the data does not know.
func checkRefs(m Meta, file string, res Resolver, problems *diag.List) bool {
	if res == nil {
		return true
	}
	ok := true
	for _, r := range m.Regions {
		if _, _, found := res.Region(r.Value); !found {
			problems.Errorf(file, r.Line, "regions", "give the slug of one of England's nine regions, e.g. north-west", "no region has the slug %q", r.Value)
			ok = false
		}
	}
	for _, p := range m.Practices {
		if _, _, found := res.Practice(p.Value); !found {
			problems.Errorf(file, p.Line, "practices", "give the Location ID of a current practice in this build's data, e.g. \"1-123456789\"", "no current practice has the Location ID %q", p.Value)
			ok = false
		}
	}
	return ok
}
