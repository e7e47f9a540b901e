package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"ratingsite/internal/config"
	"ratingsite/internal/diag"
	"ratingsite/internal/humanize"
	"ratingsite/internal/pipeline"
)

const usage = `ratingsite builds a static website of CQC's ratings of GP practices.

Usage:
  ratingsite build  [flags]   read the inputs and write the site to -out
  ratingsite check  [flags]   read and render everything, write nothing;
                              exit 1 if the inputs have errors
  ratingsite sample [flags]   write invented sample data in CQC's formats
  ratingsite serve  [flags]   preview the site locally, rebuilding on every change
  ratingsite check-links [-base-url URL] [DIR]
                              check that every internal link, image, script
                              and stylesheet in a built site resolves
  ratingsite fetch  [flags]   sync data/api with the CQC API; with -ratings,
                              download CQC's newest Latest ratings file
  ratingsite config [-config FILE]
                              print the settings of ratingsite.toml and the
                              environment, and where each came from
  ratingsite version          print the version and the revision built from
  ratingsite help COMMAND     print a command's flags (as COMMAND -h does)
  ratingsite deploy -target URL [flags]
                              upload what changed in -out to S3, GCS, Azure
                              or a folder, with the right headers

Run "ratingsite <command> -h" for a command's flags.
`

func main() {
	pipeline.TuneGC()
	// SIGTERM (what systemd and containers send) is handled as SIGINT:
	// the command stops and removes what it was making.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// cmdHelp prints the usage, or with a command's name what "COMMAND -h"
// prints, to stdout.
func cmdHelp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) > 1 || strings.HasPrefix(args[0], "-") || args[0] == "help":
		fmt.Fprintf(stderr, "ratingsite help: want one command's name, got %q\n\n%s", strings.Join(args, " "), usage)
		return 2
	}
	// The flag package prints a command's usage to its error output.
	var b bytes.Buffer
	code := run(ctx, []string{args[0], "-h"}, stdout, &b)
	if code == 0 {
		stdout.Write(b.Bytes())
	} else {
		stderr.Write(b.Bytes())
	}
	return code
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr, true)
	case "check":
		return cmdBuild(ctx, args[1:], stdout, stderr, false)
	case "sample":
		return cmdSample(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "check-links":
		return cmdCheckLinks(args[1:], stdout, stderr)
	case "fetch":
		return cmdFetch(ctx, args[1:], stdout, stderr)
	case "config":
		return cmdConfig(args[1:], stdout, stderr)
	case "version":
		return cmdVersion(args[1:], stdout, stderr)
	case "deploy":
		return cmdDeploy(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		return cmdHelp(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "ratingsite: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// inputFlags declares the input flags that build, check and serve share.
func inputFlags(fs *flag.FlagSet, cfg *pipeline.Config) {
	config.FileFlag(fs)
	fs.StringVar(&cfg.DataDir, "data", "data", "`DIR` holding ratings/*.{csv,ods,xlsx}, api/*.json, postcodes.csv, enforcement.csv and boundaries/*.geojson")
	fs.StringVar(&cfg.ContentDir, "content", "content", "`DIR` holding Markdown pages")
	fs.StringVar(&cfg.TemplatesDir, "templates", "templates", "`DIR` holding the site's words.toml and shell.html, which override the built-in words and page shell (see docs/pages.md)")
	fs.StringVar(&cfg.AssetsDir, "assets", "assets", "`DIR` of assets that override the built-in ones by name")
	fs.BoolVar(&cfg.UnsafeHTML, "unsafe-html", false, "render raw HTML written in Markdown pages and news (only for sites whose every author is trusted)")
	fs.Func("categories", "comma-separated primary inspection `categories` to publish (default \"GP Practices\")", func(s string) error {
		cfg.Categories = nil
		for _, c := range strings.Split(s, ",") {
			if c = strings.TrimSpace(c); c != "" {
				cfg.Categories = append(cfg.Categories, c)
			}
		}
		if len(cfg.Categories) == 0 {
			return errors.New("no category given")
		}
		return nil
	})
}

// buildFlags declares the flags that build and check share.
func buildFlags(fs *flag.FlagSet, cfg *pipeline.Config, allWarnings *bool, quiet *bool) {
	inputFlags(fs, cfg)
	fs.StringVar(&cfg.OutDir, "out", "public", "`DIR` to write the site to (updated only when the whole build succeeds)")
	fs.StringVar(&cfg.BaseURL, "base-url", pipeline.DefaultBaseURL, "absolute `URL` the site is served from, used for canonical links and JSON")
	fs.IntVar(&cfg.Workers, "workers", 0, "rendering `N` pages at once (default: one per CPU)")
	fs.BoolVar(&cfg.Compress, "compress", false, "also write .gz and .br copies of every text file, for hosts that serve precompressed files")
	fs.BoolVar(&cfg.Force, "force", false, "rebuild even if no input has changed since the last build")
	fs.BoolVar(&cfg.Replace, "replace", false, "replace an -out folder that holds files ratingsite did not write, removing them (see docs/output.md)")
	fs.BoolVar(allWarnings, "all-warnings", false, "list every warning, not only the first 20")
	fs.BoolVar(quiet, "quiet", false, "print errors only")
	mapFlags(fs, cfg)
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer, write bool) int {
	name := "build"
	if !write {
		name = "check"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg pipeline.Config
	var allWarnings, quiet bool
	buildFlags(fs, &cfg, &allWarnings, &quiet)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `FILE`, for go tool pprof")
	host, strict := hostFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite %s: unexpected argument %q\n", name, fs.Arg(0))
		return 2
	}
	if _, err := config.Apply(fs, stderr); err != nil {
		fmt.Fprintf(stderr, "ratingsite %s: %v\n", name, err)
		return 2
	}
	if code := hostFlagError(stderr, *host); code != 0 {
		return code
	}
	// After config.Apply, a -base-url from ratingsite.toml or the
	// environment counts as given.
	baseGiven := false
	fs.Visit(func(f *flag.Flag) { baseGiven = baseGiven || f.Name == "base-url" })
	if !baseGiven && *strict {
		fmt.Fprintf(stderr, "ratingsite %s: -base-url is not set, and -strict refuses the default %s, "+
			"which would point every absolute link at this computer; pass the address the site is served from, "+
			"e.g. -base-url https://ratings.example.org/ (or base_url in ratingsite.toml). Nothing was built.\n", name, pipeline.DefaultBaseURL)
		return 2
	}
	if !quiet {
		cfg.Progress = newProgress(stderr).update
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "ratingsite %s: -cpuprofile: %v\n", name, err)
			return 2
		}
		defer stop()
	}
	var res *pipeline.Result
	var err error
	if write {
		res, err = pipeline.Build(ctx, cfg)
	} else {
		res, err = pipeline.Check(ctx, cfg)
	}
	if !baseGiven && res.Problems != nil {
		res.Problems.Add(defaultBaseURLProblem())
	}
	report(stderr, res.Problems, allWarnings, quiet)
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite %s: %v\n", name, err)
		return 1
	}
	if !quiet {
		summary(stdout, res, write, cfg)
	}
	if write {
		return checkHost(stderr, cfg.OutDir, *host, *strict)
	}
	return 0
}

// defaultBaseURLProblem is the warning for a build left at the default
// base URL: every absolute link it writes points at the local machine.
func defaultBaseURLProblem() diag.Problem {
	return diag.Problem{
		Severity: diag.Warning,
		File:     "-base-url",
		Message: "not set, so the site is built for " + pipeline.DefaultBaseURL + ": its canonical links, sitemap, feeds, " +
			"Open Graph images, embed code and JSON links point at this computer and break once the site is published",
		Hint: "pass the address the site is served from, e.g. -base-url https://ratings.example.org/ " +
			"(or base_url in ratingsite.toml); -strict refuses to build without it",
	}
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// report prints every error and the warnings (the first 20 unless all).
func report(w io.Writer, problems *diag.List, all, quiet bool) {
	if problems == nil {
		return
	}
	errs := problems.Errors()
	for _, p := range errs {
		fmt.Fprintln(w, p)
	}
	if quiet {
		return
	}
	warns := problems.Warnings()
	const limit = 20
	for i, p := range warns {
		if i == limit && !all {
			fmt.Fprintf(w, "… and %d more warnings (run with -all-warnings to list them)\n", len(warns)-limit)
			break
		}
		fmt.Fprintln(w, p)
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "%s, %s\n", plural(len(errs), "error"), plural(len(warns), "warning"))
	}
}

func summary(w io.Writer, r *pipeline.Result, write bool, cfg pipeline.Config) {
	warnings := plural(len(r.Problems.Warnings()), "warning")
	took := ms(r.Elapsed)
	switch {
	case r.Skipped:
		fmt.Fprintf(w, "Nothing changed since the last build: %s in %s left as they were; %s; %s\n",
			plural(r.Files, "file"), cfg.OutDir, warnings, took)
		return
	case !write:
		monthLine(w, r)
		fmt.Fprintf(w, "Checked %s in %s and %s (%d closed, kept but not counted): %s, %s, %s; %s; %s (reading %s, rendering %s)\n",
			plural(r.Practices, "practice"), plural(r.Regions, "region"), areas(r.LocalAuth), r.Closed, plural(r.Pages, "page"), plural(r.Files, "file"), size(r.Bytes), warnings, took,
			ms(r.Phases.Read), ms(r.Phases.Render))
		return
	}
	monthLine(w, r)
	compressed := ""
	if cfg.Compress {
		compressed = fmt.Sprintf(", %d compressed", r.Compressed)
	}
	fmt.Fprintf(w, "Built %s in %s and %s (%d closed, kept but not counted): %s, %s, %s in %s; %d written, %d unchanged, %d removed%s; %d pages and keyed files made, %d reused; %s; %s (reading %s, rendering and writing %s, moving into place %s)\n",
		plural(r.Practices, "practice"), plural(r.Regions, "region"), areas(r.LocalAuth), r.Closed, plural(r.Pages, "page"), plural(r.Files, "file"), size(r.Bytes), cfg.OutDir,
		r.Written, r.Unchanged, r.Removed, compressed, r.Rendered, r.Reused, warnings, took, ms(r.Phases.Read), ms(r.Phases.Render), ms(r.Phases.Publish))
	if r.Kept > 0 {
		fmt.Fprintf(w, "Kept %s in %s that ratingsite did not write (see docs/output.md)\n", plural(r.Kept, "file"), cfg.OutDir)
	}
	if r.Leftover != "" {
		fmt.Fprintf(w, "Files put into %s while the build ran were kept in %s; move them where they belong\n", cfg.OutDir, r.Leftover)
	}
}

// monthLine names the month of the newest ratings file and how it was
// found.
func monthLine(w io.Writer, r *pipeline.Result) {
	if r.Month == "" {
		return
	}
	how := "from its newest publication date"
	if r.MonthFromName {
		how = "from its name"
	}
	fmt.Fprintf(w, "Ratings of %s: %s (month %s)\n", r.Month, filepath.Base(r.MonthFile), how)
}

// ms rounds a duration for the summary.
func ms(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

func areas(n int) string {
	if n == 1 {
		return "1 local authority"
	}
	return fmt.Sprintf("%d local authorities", n)
}

// plural and size format counts and sizes in messages.
var plural, size = humanize.Plural, humanize.Size
