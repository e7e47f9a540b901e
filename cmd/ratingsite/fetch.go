package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ratingsite/internal/config"
	"ratingsite/internal/fetch"
)

// keyEnv holds the CQC API subscription key. It is never a flag: a flag
// would show in the process list and the shell's history.
const keyEnv = "CQC_SUBSCRIPTION_KEY"

// cmdFetch syncs data/api with the CQC API and, with -ratings, downloads
// the newest Latest ratings file into data/ratings.
func cmdFetch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := config.Default()
	config.FileFlag(fs)
	data := fs.String("data", def.Data, "`DIR` to write api/*.json and ratings/*.ods to")
	apiURL := fs.String("api-url", def.Fetch.APIURL, "the CQC API's base `URL`")
	rate := fs.Int("rate", def.Fetch.Rate, "at most `N` API requests a minute (0: no limit)")
	workers := fs.Int("workers", def.Fetch.Workers, "fetch `N` documents at once")
	contact := fs.String("contact", "", "a `URL or e-mail address` for the User-Agent, so that CQC can reach you")
	category := fs.String("category", def.Fetch.Category, "primary inspection category `CODE` a full sync lists (P2: GP practices)")
	full := fs.Bool("full", false, "list every location, even when the last window allows an incremental sync")
	ratings := fs.Bool("ratings", false, "download the newest Latest ratings file into DIR/ratings instead of syncing the API (add -api for both)")
	api := fs.Bool("api", false, "sync the API as well as -ratings (the default without -ratings)")
	ratingsPage := fs.String("ratings-page", def.Fetch.RatingsPage, "the `URL` of CQC's page that links the Latest ratings file")
	quiet := fs.Bool("quiet", false, "print errors only")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite fetch [flags]\n\nSyncs DIR/api with the CQC API: the first time every location of the\ncategory, then the locations changed since the last fetch. The API key is\nread from the environment variable %s. With -ratings, downloads\nCQC's newest Latest ratings file into DIR/ratings instead. Flags:\n", keyEnv)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite fetch: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := config.Apply(fs, stderr); err != nil {
		fmt.Fprintf(stderr, "ratingsite fetch: %v\n", err)
		return 2
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "ratingsite fetch: "+format+"\n", a...)
		return 2
	}
	if *rate < 0 {
		return usageErr("-rate %d: want 0 (no limit) or more", *rate)
	}
	if *workers < 1 || *workers > 64 {
		return usageErr("-workers %d: want 1 to 64", *workers)
	}
	if *data == "" {
		return usageErr("-data is empty")
	}
	ua := "ratingsite/" + readBuildInfo().short()
	if *contact != "" {
		ua += " (+" + *contact + ")"
	}
	warn := func(string) {}
	if !*quiet {
		warn = func(w string) { fmt.Fprintf(stderr, "ratingsite fetch: warning: %s\n", w) }
	}

	code := 0
	if *ratings {
		res, err := fetch.Ratings(ctx, fetch.RatingsOptions{DataDir: *data, Page: *ratingsPage, UserAgent: ua})
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "ratingsite fetch: %v\n", err)
			code = 1
		case *quiet:
		case res.Downloaded:
			fmt.Fprintf(stdout, "Downloaded %s (%s, %s) into %s\n", res.URL, res.Month.Format("January 2006"), size(res.Bytes), res.File)
		default:
			fmt.Fprintf(stdout, "The newest Latest ratings file, %s, is already in %s\n", filepath.Base(res.File), filepath.Dir(res.File))
		}
	}
	if *ratings && !*api {
		return code
	}

	o := fetch.Options{
		DataDir: *data, API: *apiURL, Key: os.Getenv(keyEnv), UserAgent: ua,
		Category: *category, Full: *full, Rate: *rate, Workers: *workers,
		Warn: warn,
	}
	if !*quiet {
		o.Progress = newProgressOf(stderr, "fetched", "documents").update
	}
	res, err := fetch.API(ctx, o)
	if res != nil && !*quiet {
		fetchSummary(stdout, res, filepath.Join(*data, "api"))
	}
	if res != nil && len(res.Failed) > 0 {
		ids := make([]string, len(res.Failed))
		for i, f := range res.Failed {
			fmt.Fprintf(stderr, "ratingsite fetch: %v\n", f)
			ids[i] = f.ID
		}
		fmt.Fprintf(stderr, "ratingsite fetch: %s failed (%s); their old documents were kept, and the next fetch tries the same window again\n",
			plural(len(ids), "document"), strings.Join(ids, ", "))
		code = 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite fetch: %v\n", err)
		code = 1
	}
	return code
}

func fetchSummary(w io.Writer, r *fetch.Result, dir string) {
	kind := "Full sync"
	if !r.Full {
		kind = fmt.Sprintf("Changes from %s to %s", r.From.Format(time.RFC3339), r.To.Format(time.RFC3339))
	}
	skipped := ""
	if r.Skipped > 0 {
		skipped = fmt.Sprintf(", %d of other categories skipped", r.Skipped)
	}
	fmt.Fprintf(w, "%s: %s listed; %d fetched, %d unchanged, %d gone, %d failed%s into %s; %s (%d retried) in %s\n",
		kind, plural(r.Listed, "location"), r.Fetched, r.Unchanged, r.Gone, len(r.Failed), skipped, dir,
		plural(r.Requests, "request"), r.Retries, ms(r.Elapsed))
}
