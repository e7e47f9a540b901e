package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"ratingsite/internal/linkcheck"
	"ratingsite/internal/pipeline"
	"ratingsite/internal/urls"
)

// cmdCheckLinks checks every internal link of a built site.
func cmdCheckLinks(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check-links", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base-url", pipeline.DefaultBaseURL, "the `URL` the site was built for; its path is the prefix internal links carry, and absolute links on its host are checked too")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite check-links [-base-url URL] [DIR]\n\nChecks that every internal link in DIR (default ./public) resolves: href, src,\nsrcset, form actions, meta refresh, CSS url() in pages and .css files, sitemap\nand feed links, and #fragments, which must name an element. See docs/serve.md. Flags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	dir := "public"
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		fmt.Fprintf(stderr, "ratingsite check-links: one directory at most, got %d arguments\n", fs.NArg())
		return 2
	}
	u, err := urls.Parse(*base)
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite check-links: %v\n", err)
		return 2
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "ratingsite check-links: %s is not a directory; build the site first\n", dir)
		return 1
	}
	res, err := linkcheck.Check(os.DirFS(dir), u.String())
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite check-links: %v\n", err)
		return 1
	}
	for _, b := range res.Sorted() {
		fmt.Fprintln(stderr, b)
	}
	fmt.Fprintf(stdout, "Checked %s and %s with %s: %d broken\n", plural(res.Pages, "page"), plural(res.Others, "other file"), plural(res.Links, "link"), len(res.Broken))
	if len(res.Broken) > 0 {
		return 1
	}
	return 0
}
