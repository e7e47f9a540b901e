package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	// The stores deploy can write to, by URL scheme.
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/s3blob"

	"ratingsite/internal/config"
	"ratingsite/internal/deploy"
)

const deployUsage = `Usage: ratingsite deploy -target URL [flags]

Copies the built site (-out) to an object store, uploading only what
changed, with each file's Content-Type, Cache-Control and Content-Encoding
set from the rules that write _headers. Targets:
  s3://bucket?region=eu-west-2                    Amazon S3
  s3://bucket?endpoint=http://127.0.0.1:7070&use_path_style=true&region=us-east-1
                                                  any S3-compatible store
  gs://bucket                                     Google Cloud Storage
  azblob://container                              Azure Blob Storage
  file:///path/to/folder                          a local folder
Add prefix=site/ to the query to deploy under a folder of the bucket.
Credentials come from the provider's usual environment (AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY or ~/.aws, GOOGLE_APPLICATION_CREDENTIALS,
AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY), never from a flag or file.
See docs/deploy.md.

flags:
`

// deployFlags declares the deploy flags into cfg.
func deployFlags(fs *flag.FlagSet, cfg *deploy.Config) {
	config.FileFlag(fs)
	fs.StringVar(&cfg.Dir, "out", "public", "`DIR` holding the built site")
	fs.StringVar(&cfg.Target, "target", "", "`URL` of the bucket to deploy to")
	fs.IntVar(&cfg.MaxDeletes, "max-deletes", deploy.DefaultMaxDeletes, "refuse to deploy if it would delete more than `N` remote files (-1: delete none)")
	fs.BoolVar(&cfg.DryRun, "dry-run", false, "print the plan (uploads, deletes, unchanged, bytes) and change nothing")
	fs.BoolVar(&cfg.Force, "force", false, "upload every file, changed or not")
	fs.IntVar(&cfg.Workers, "workers", 8, "`N` uploads at once")
}

func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, deployUsage)
		fs.PrintDefaults()
	}
	var cfg deploy.Config
	deployFlags(fs, &cfg)
	verbose := fs.Bool("v", false, "list every file the plan uploads and deletes")
	quiet := fs.Bool("quiet", false, "print errors only")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite deploy: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	// ratingsite.toml's [deploy] target and max_deletes, and its out,
	// fill the flags the command line left unset.
	if _, err := config.Apply(fs, stderr); err != nil {
		fmt.Fprintf(stderr, "ratingsite deploy: %v\n", err)
		return 2
	}
	if cfg.MaxDeletes == 0 {
		cfg.MaxDeletes = -1 // 0 on the command line means none, as -1
	}
	return runDeploy(ctx, cfg, *verbose, *quiet, stdout, stderr)
}

// runDeploy runs a filled-in deploy.Config.
func runDeploy(ctx context.Context, cfg deploy.Config, verbose, quiet bool, stdout, stderr io.Writer) int {
	if !quiet && !cfg.DryRun {
		p := newDeployProgress(stderr)
		cfg.Progress = p.update
		defer p.finish()
	}
	res, err := deploy.Deploy(ctx, cfg)
	if res != nil && res.Plan != nil && (cfg.DryRun || verbose) {
		printPlan(stdout, res.Plan, verbose)
	}
	if err != nil {
		if res != nil {
			for _, f := range res.Failed {
				fmt.Fprintf(stderr, "ratingsite deploy: %s\n", f)
			}
		}
		fmt.Fprintf(stderr, "ratingsite deploy: %v\n", err)
		if res != nil && res.Plan != nil && !cfg.DryRun {
			fmt.Fprintf(stderr, "%d uploaded, %d deleted before the failure; %d requests in %s\n", res.Uploaded, res.Deleted, res.Requests, ms(res.Elapsed))
		}
		return 1
	}
	if quiet {
		return 0
	}
	pl := res.Plan
	if cfg.DryRun {
		fmt.Fprintf(stdout, "Dry run: would upload %s (%s), delete %d, leave %d unchanged; %d requests in %s\n",
			plural(len(pl.Uploads), "file"), size(pl.Bytes), len(pl.Deletes), pl.Unchanged, res.Requests, ms(res.Elapsed))
		return 0
	}
	fmt.Fprintf(stdout, "Deployed %s to %s: %d uploaded (%s; %d assets, %d data, %d pages), %d deleted, %d unchanged; %d requests in %s\n",
		cfg.Dir, redactTarget(cfg.Target), res.Uploaded, size(res.Bytes), pl.Count(deploy.Assets), pl.Count(deploy.Data), pl.Count(deploy.Pages),
		res.Deleted, pl.Unchanged, res.Requests, ms(res.Elapsed))
	return 0
}

func printPlan(w io.Writer, pl *deploy.Plan, all bool) {
	if pl.Reupload != "" {
		fmt.Fprintf(w, "Uploading every file: %s.\n", pl.Reupload)
	}
	for p := deploy.Assets; p <= deploy.Pages; p++ {
		fmt.Fprintf(w, "%d. upload %s (%s)\n", p+1, plural(pl.Count(p), "file"), p)
	}
	fmt.Fprintf(w, "4. delete %s\n", plural(len(pl.Deletes), "file"))
	if !all {
		return
	}
	for _, it := range pl.Uploads {
		enc := ""
		if it.Encoding != "" {
			enc = ", " + it.Encoding
		}
		fmt.Fprintf(w, "upload %s (%s, %s%s)\n", it.Key, size(it.Size), it.Meta.ContentType, enc)
	}
	for _, k := range pl.Deletes {
		fmt.Fprintf(w, "delete %s\n", k)
	}
}

func redactTarget(t string) string {
	if i := strings.IndexByte(t, '?'); i >= 0 {
		return t[:i]
	}
	return t
}

// deployProgress reports uploads: a line redrawn in place on a terminal,
// a plain line every few seconds otherwise.
type deployProgress struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	mu       sync.Mutex
	start    time.Time
	last     time.Time
	drawn    bool
}

func newDeployProgress(w io.Writer) *deployProgress {
	p := &deployProgress{w: w, every: 2 * time.Second, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal, p.every = true, 100*time.Millisecond
		}
	}
	p.last = p.start
	return p
}

func (p *deployProgress) update(done, total int, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last, p.drawn = now, true
	line := fmt.Sprintf("deployed %d of %d files (%s) in %s", done, total, size(bytes), now.Sub(p.start).Round(time.Second))
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K"+line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

func (p *deployProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
