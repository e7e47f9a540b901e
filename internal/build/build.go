// Package build runs the pipeline: read every input once into the model,
// derive the figures once, render in parallel, and publish through the one
// writer. The command line is a thin layer over Build and Check.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ratingsite"
	"ratingsite/internal/content"
	"ratingsite/internal/diag"
	"ratingsite/internal/figures"
	"ratingsite/internal/publish"
	"ratingsite/internal/render"
)

// Config says where the inputs are and where the site goes.
type Config struct {
	DataDir      string // default "data"
	ContentDir   string // default "content"
	TemplatesDir string // default "templates"
	AssetsDir    string // default "assets"
	OutDir       string // default "public"
	// BaseURL is the site's absolute URL, e.g. "https://example.org/ratings/".
	BaseURL string
	// Categories are the primary inspection categories to publish; empty
	// means "GP Practices".
	Categories []string
	// Workers bounds rendering parallelism; 0 means one per CPU.
	Workers int
}

// DefaultBaseURL is used when no -base-url is given.
const DefaultBaseURL = "http://localhost:8080/"

// Result summarises a run.
type Result struct {
	Practices int
	Closed    int
	Regions   int
	LocalAuth int
	Files     int
	Pages     int
	Bytes     int64
	Problems  *diag.List
	Elapsed   time.Duration
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
	cfg = cfg.withDefaults()
	res := &Result{Problems: &diag.List{}}
	defer func() { res.Elapsed = time.Since(start) }()

	base, err := render.ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return res, err
	}
	if write {
		if err := checkOutDir(cfg); err != nil {
			return res, err
		}
	}
	s := readSite(cfg, res.Problems)
	pages := content.Read(dirFS(cfg.ContentDir), cfg.ContentDir, res.Problems)
	if res.Problems.HasErrors() {
		return res, ErrInvalidInput
	}
	res.Practices, res.Closed = len(s.Practices), len(s.Closed)
	res.Regions, res.LocalAuth = len(s.Regions), len(s.LocalAuthorities)
	f := figures.Compute(s)

	templates := render.Overlay{Top: dirFS(cfg.TemplatesDir), Base: sub(ratingsite.Defaults, "templates")}
	assets := render.Overlay{Top: dirFS(cfg.AssetsDir), Base: sub(ratingsite.Defaults, "assets")}
	assetPaths, err := render.AssetPaths(assets)
	if err != nil {
		return res, fmt.Errorf("%s: %w", cfg.AssetsDir, err)
	}
	rcfg := &render.Config{BaseURL: base, Assets: assetPaths}
	tmpl, err := render.LoadTemplates(templates, rcfg)
	if err != nil {
		return res, err
	}
	r := &render.Renderer{Config: rcfg, Templates: tmpl, Assets: assets, Content: pages, Workers: cfg.Workers}

	pub := publish.Discard()
	if write {
		if pub, err = publish.New(cfg.OutDir); err != nil {
			return res, err
		}
	}
	if err := r.Render(ctx, s, f, pub); err != nil {
		pub.Abort()
		return res, err
	}
	st := pub.Stats()
	res.Files, res.Pages, res.Bytes = st.Files, st.Pages, st.Bytes
	if err := pub.Commit(); err != nil {
		return res, err
	}
	return res, nil
}

func (c Config) withDefaults() Config {
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

// dirFS is os.DirFS(dir), or nil when dir does not exist, so the embedded
// defaults are used alone.
func dirFS(dir string) fs.FS {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	return os.DirFS(dir)
}

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded tree always has these directories
	}
	return s
}

// checkOutDir refuses an output directory that would swallow the inputs
// or the working directory when it is swapped into place.
func checkOutDir(cfg Config) error {
	out, err := filepath.Abs(cfg.OutDir)
	if err != nil {
		return err
	}
	if out == filepath.Dir(out) {
		return fmt.Errorf("-out %q is a file-system root; choose a directory of its own, such as ./public", cfg.OutDir)
	}
	wd, _ := os.Getwd()
	guard := []string{wd, cfg.DataDir, cfg.ContentDir, cfg.TemplatesDir, cfg.AssetsDir}
	for _, g := range guard {
		if g == "" {
			continue
		}
		ga, err := filepath.Abs(g)
		if err != nil {
			continue
		}
		if ga == out || strings.HasPrefix(ga+string(filepath.Separator), out+string(filepath.Separator)) {
			return fmt.Errorf("-out %q would replace %s, which holds inputs; choose a directory of its own, such as ./public", cfg.OutDir, g)
		}
	}
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return fmt.Errorf("-out %q is a file, not a directory", cfg.OutDir)
	}
	return nil
}
