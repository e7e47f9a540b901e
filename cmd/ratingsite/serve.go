package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"ratingsite/internal/config"
	"ratingsite/internal/serve"
)

// cmdServe builds the site into a temporary directory, serves it on
// localhost, and rebuilds and reloads the page whenever an input changes.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serve.Config
	b := &cfg.Build
	inputFlags(fs, b)
	fs.StringVar(&cfg.Addr, "addr", serve.DefaultAddr, "`HOST:PORT` to listen on; only this machine can connect unless another host is given, such as 0.0.0.0:8080")
	fs.StringVar(&b.BaseURL, "base-url", "", "absolute `URL` the site is built for; a path in it, such as http://localhost:8080/ratings/, is served as a prefix (default http://<addr>/)")
	fs.DurationVar(&cfg.Poll, "poll", serve.DefaultPoll, "how often to look for changed inputs")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite serve [flags]\n\nBuilds the site into a temporary directory, serves it, and rebuilds and\nreloads the page whenever -data, -content, -templates or -assets change.\nNothing is written to ./public. Flags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := config.Apply(fs, stderr); err != nil {
		fmt.Fprintf(stderr, "ratingsite serve: %v\n", err)
		return 2
	}
	if cfg.Poll <= 0 {
		fmt.Fprintf(stderr, "ratingsite serve: -poll must be positive, got %s\n", cfg.Poll)
		return 2
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	if err := serve.Run(ctx, cfg); err != nil {
		fmt.Fprintf(stderr, "ratingsite serve: %v\n", err)
		return 1
	}
	return 0
}
