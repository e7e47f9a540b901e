package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ratingsite"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/maps"
	"ratingsite/internal/publish"
	"ratingsite/internal/render"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
)

// Config says where the inputs are and where the site goes.
type Config struct {
	// The four inputs: the data (ratings, API documents, postcodes,
	// enforcement actions, boundaries), the Markdown content, and the
	// templates and assets that override the built-in ones by name. Each
	// is a folder name (DataDir, ...) and, optionally, a file system
	// (Data, ...). A nil file system means the folder on disk, read
	// through os.DirFS, which is how the command line passes -data,
	// -content, -templates and -assets; a missing folder is an empty
	// input. A file system that is set is read instead, and its folder
	// name only names it: messages call its files DataDir/ratings/x.csv,
	// as the user knows them. The checks that need real paths apply only
	// to folders on disk: -out may not be, hold or sit inside an input
	// folder, and symbolic links that lead nowhere or loop are reported.
	DataDir                          string // default "data"
	ContentDir                       string // default "content"
	TemplatesDir                     string // default "templates"
	AssetsDir                        string // default "assets"
	Data, Content, Templates, Assets fs.FS
	// OutDir is the output folder; default "public".
	OutDir string
	// Memory, if set, receives the site instead of OutDir, which the build
	// then neither reads nor writes: no lock, no state, never skipped.
	// Its own options apply, not Compress and Replace. Tests use it to
	// build a whole site without the disk; Check ignores it.
	Memory *publish.Memory
	// BaseURL is the site's absolute URL, e.g. "https://example.org/ratings/".
	BaseURL string
	// Categories are the primary inspection categories to publish; empty
	// means "GP Practices".
	Categories []string
	// Workers bounds rendering parallelism; 0 means one per CPU.
	Workers int
	// Compress also writes .gz and .br siblings of every text file.
	Compress bool
	// UnsafeHTML renders raw HTML written in Markdown pages and releases;
	// off by default, for sites whose every author is trusted.
	UnsafeHTML bool
	// Force rebuilds even when the inputs are unchanged since the last
	// build into OutDir.
	Force bool
	// Replace allows an OutDir that holds files this tool did not write:
	// they are removed with the old site (see docs/output.md). Without it
	// such a folder with no state of a previous build is refused, and
	// extra files in a folder that has one are kept.
	Replace bool
	// SitemapLimit is the most URLs in one sitemap file (default 50,000,
	// the protocol's limit); tests set it lower.
	SitemapLimit int
	// Progress, if set, is called as pages are rendered.
	Progress func(done, total int)
	// Tiles is a tile URL template for a slippy base map under the maps
	// ("" is off); TilesAttribution is the provider's credit.
	Tiles, TilesAttribution string
}

// output is where a build puts the site: a publish.Publisher staging it
// beside -out (or discarding it, for check), or a publish.Memory.
type output interface {
	render.Publisher
	SaveWarnings([]string)
	Commit(key string) error
	Stats() publish.Stats
	Abort()
}

// DefaultBaseURL is used when no -base-url is given.
const DefaultBaseURL = "http://localhost:8080/"

// Result summarises a run.
type Result struct {
	Practices int
	Closed    int
	Regions   int
	LocalAuth int
	// Month is the month of the newest ratings file, e.g. "September
	// 2026", from its name or else its newest publication date.
	Month string
	// MonthFile is that file; MonthFromName says whether its name gave
	// the month.
	MonthFile     string
	MonthFromName bool
	Files         int // files in the site
	Pages         int // HTML pages
	Bytes         int64
	Written       int // files written: new or changed
	Unchanged     int // files left as they were
	Removed       int // files of the previous build removed
	Kept          int // files in OutDir that this tool did not write, kept
	// Leftover names a folder holding files that appeared in OutDir while
	// the build ran, kept aside rather than removed ("" if none).
	Leftover string
	// Compressed counts the files compressed with -compress; unchanged
	// files keep the previous build's .gz and .br.
	Compressed int
	// Rendered counts the keyed files (pages, Open Graph images, practice
	// JSON) made by this build, Reused those whose inputs were unchanged
	// since the previous build, which were kept as they were without
	// making them again (see docs/performance.md). Both are 0 for Check.
	Rendered, Reused int
	// Skipped is true when the inputs had not changed since the last
	// build into the output directory, so nothing was read or written.
	Skipped  bool
	Problems *diag.List
	Elapsed  time.Duration
	// Phases splits Elapsed: reading the inputs and computing the figures,
	// rendering every file (into the staging tree, or nowhere for check),
	// and moving the staged files into place. They are zero when the
	// build was Skipped.
	Phases Phases
}

// Phases are the durations of a build's stages.
type Phases struct {
	Read, Render, Publish time.Duration
}

// ErrInvalidInput is returned (wrapped) when the inputs have errors; the
// errors themselves are in Result.Problems.
var ErrInvalidInput = errors.New("the input has errors; nothing was written")

// Build reads, renders and publishes the site, replacing cfg.OutDir only
// when everything succeeded.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	return run(ctx, cfg, true)
}

// Check reads and renders everything exactly as Build does, but writes
// nothing.
func Check(ctx context.Context, cfg Config) (*Result, error) {
	return run(ctx, cfg, false)
}

func run(ctx context.Context, cfg Config, write bool) (*Result, error) {
	start := time.Now()
	cfg = cfg.WithDefaults()
	res := &Result{Problems: &diag.List{}}
	defer func() { res.Elapsed = time.Since(start) }()

	base, err := urls.Parse(cfg.BaseURL)
	if err != nil {
		return res, err
	}
	if err := maps.CheckTiles(cfg.Tiles, cfg.TilesAttribution); err != nil {
		return res, err
	}
	ins := cfg.inputs()
	if checkInputLinks(ins, res.Problems) {
		return res, ErrInvalidInput
	}
	var key string
	var pub output = publish.Discard()
	toDisk := write && cfg.Memory == nil
	if toDisk {
		if err := checkOutDir(cfg, ins); err != nil {
			return res, err
		}
		if key, err = inputKey(cfg, ins); err != nil {
			return res, err
		}
		if publish.HasLeftovers(cfg.OutDir) {
			// A killed build left a staging folder or an old tree:
			// Lock tidies, so that the check below sees the real site.
			if unlock, err := publish.Lock(cfg.OutDir); err == nil {
				unlock()
			}
		}
		if st, ok := publish.Unchanged(cfg.OutDir, key); ok && !cfg.Force {
			for _, w := range st.Warnings {
				if p, ok := decodeProblem(w); ok {
					res.Problems.Add(p)
				}
			}
			res.Skipped = true
			res.Files, res.Unchanged = len(st.Files), len(st.Files)
			return res, nil
		}
	}
	read := time.Now()
	s, in := readSite(cfg, ins.data, res.Problems)
	if s != nil && len(s.Practices) == 0 {
		// A truncated download must not replace a published site with an
		// empty one.
		res.Problems.Errorf(ins.data.file("ratings"), 0, "", "check that it holds CQC's Latest ratings file and that -categories matches its \"Location Primary Inspection Category\"; the previous site was left as it was",
			"no current practices of the categories %s in the inputs", strings.Join(site.Categories(cfg.Categories), ", "))
	}
	bounds := readBoundaries(ins.data, s, res.Problems)
	localBounds := readLocalBoundaries(ins.data, s, res.Problems)
	var f *figures.Figures
	if s != nil {
		f = figures.Compute(s)
	}
	pages, news := readContent(cfg, ins.content, s, f, in, ins.data, base, res.Problems)
	res.Phases.Read = time.Since(read)
	rendering := time.Now() // templates are loaded and checked as part of rendering
	if res.Problems.HasErrors() {
		return res, ErrInvalidInput
	}
	switch {
	case toDisk:
		// Inputs with errors change nothing beside -out, not even the lock.
		unlock, err := publish.Lock(cfg.OutDir)
		if err != nil {
			return res, err
		}
		defer unlock()
		p, err := publish.New(cfg.OutDir, publish.Options{Compress: cfg.Compress, Replace: cfg.Replace})
		if err != nil {
			return res, err
		}
		pub = p
	case write:
		pub = cfg.Memory
	}
	if write {
		defer pub.Abort() // the staged files go unless Commit ran
	}
	res.Practices, res.Closed = len(s.Practices), len(s.Closed)
	res.Regions, res.LocalAuth = len(s.Regions), len(s.LocalAuthorities)
	if n := len(s.Months); n > 0 {
		res.Month, res.MonthFile = s.Months[n-1].Label(), s.Months[n-1].File
		res.MonthFromName = s.Months[n-1].FromName
	}

	r := &render.Renderer{Base: base, Content: pages, News: news, Workers: cfg.Workers, SitemapLimit: cfg.SitemapLimit, Progress: cfg.Progress,
		Templates: ins.templates.fsys,
		Assets:    overlay{Top: ins.assets.fsys, Base: sub(ratingsite.Defaults, "assets")},
		Maps:      maps.Options{Boundaries: bounds, LocalBoundaries: localBounds, Tiles: cfg.Tiles, TilesAttribution: cfg.TilesAttribution}}

	err = r.Render(ctx, s, f, pub)
	res.Rendered, res.Reused = r.Counts.Made, r.Counts.Reused
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Phases.Render = time.Since(rendering)
	publishing := time.Now()
	var warnings []string
	for _, w := range res.Problems.Warnings() {
		warnings = append(warnings, encodeProblem(w))
	}
	pub.SaveWarnings(warnings)
	if err := pub.Commit(key); err != nil {
		return res, err
	}
	res.Phases.Publish = time.Since(publishing)
	st := pub.Stats()
	res.Files, res.Pages, res.Bytes = st.Files, st.Pages, st.Bytes
	res.Written, res.Unchanged, res.Removed, res.Compressed = st.Written, st.Unchanged, st.Removed, st.Compressed
	res.Kept, res.Leftover = st.Kept, st.Leftover
	return res, nil
}

// WithDefaults fills every empty path and the base URL with its default.
func (c Config) WithDefaults() Config {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&c.DataDir, "data")
	def(&c.ContentDir, "content")
	def(&c.TemplatesDir, "templates")
	def(&c.AssetsDir, "assets")
	def(&c.OutDir, "public")
	def(&c.BaseURL, DefaultBaseURL)
	return c
}

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded tree always has these directories
	}
	return s
}

// checkOutDir refuses an output folder that would replace the inputs or
// the working directory: a file-system root, the folder of an input, one
// inside an input folder or one that contains an input folder or the
// working directory, compared after resolving symbolic links. Inputs
// given as file systems (Config.Data, ...) are not folders it can compare.
func checkOutDir(cfg Config, ins inputs) error {
	out, err := resolved(cfg.OutDir)
	if err != nil {
		return err
	}
	if out == filepath.Dir(out) {
		return fmt.Errorf("-out %q is a file-system root; choose a folder of its own, such as ./public", cfg.OutDir)
	}
	wd, _ := os.Getwd()
	dirs := []struct{ flag, dir string }{{"", wd}}
	for _, in := range ins.all() {
		if in.disk {
			dirs = append(dirs, struct{ flag, dir string }{in.flag, in.name})
		}
	}
	for _, g := range dirs {
		if g.dir == "" {
			continue
		}
		in, err := resolved(g.dir)
		if err != nil {
			continue
		}
		switch {
		case g.flag == "" && (in == out || within(in, out)):
			return fmt.Errorf("-out %q would replace the working folder %s; choose a folder of its own, such as ./public", cfg.OutDir, wd)
		case g.flag == "":
		case in == out:
			return fmt.Errorf("-out %q is the %s folder %s; choose a folder of its own, such as ./public", cfg.OutDir, g.flag, g.dir)
		case within(in, out):
			return fmt.Errorf("-out %q contains the %s folder %s, so a build would replace the inputs; choose a folder of its own, such as ./public", cfg.OutDir, g.flag, g.dir)
		case within(out, in):
			return fmt.Errorf("-out %q is inside the %s folder %s, so a build would write among the inputs; choose a folder of its own, such as ./public", cfg.OutDir, g.flag, g.dir)
		}
	}
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return fmt.Errorf("-out %q is a file, not a directory", cfg.OutDir)
	}
	return nil
}

// within reports whether path p is inside (not equal to) folder dir.
func within(p, dir string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// resolved returns p made absolute with every symbolic link in it
// followed, as far as it exists.
func resolved(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// encodeProblem writes a warning as one line, to be repeated by a later
// build that skips the work.
func encodeProblem(p diag.Problem) string {
	return strings.Join([]string{strconv.Quote(p.File), strconv.Itoa(p.Line), strconv.Quote(p.Field),
		strconv.Quote(p.Message), strconv.Quote(p.Hint)}, " ")
}

func decodeProblem(s string) (diag.Problem, bool) {
	var f [5]string
	for i := range f {
		s = strings.TrimLeft(s, " ")
		if i == 1 {
			n, rest, _ := strings.Cut(s, " ")
			f[i], s = n, rest
			continue
		}
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return diag.Problem{}, false
		}
		f[i], _ = strconv.Unquote(q)
		s = s[len(q):]
	}
	line, err := strconv.Atoi(f[1])
	if err != nil {
		return diag.Problem{}, false
	}
	return diag.Problem{Severity: diag.Warning, File: f[0], Line: line, Field: f[2], Message: f[3], Hint: f[4]}, true
}
