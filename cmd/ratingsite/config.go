package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"ratingsite/internal/config"
)

// cmdConfig prints the settings that ratingsite.toml and the RATINGSITE_*
// environment give, over the defaults, and where each came from.
func cmdConfig(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config.FileFlag(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite config [-config FILE]\n\nPrints the settings of %s (or FILE) merged with the RATINGSITE_*\nenvironment variables over the defaults, as TOML, each with where it came\nfrom. A flag given to a command overrides all of these. Flags:\n", config.DefaultFile)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite config: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	s, err := config.Apply(fs, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite config: %v\n", err)
		return 1
	}
	if s.File != "" {
		fmt.Fprintf(stdout, "# %s, with the environment, over the defaults\n", s.File)
	} else {
		fmt.Fprintf(stdout, "# no %s: the environment over the defaults\n", config.DefaultFile)
	}
	if err := s.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "ratingsite config: %v\n", err)
		return 1
	}
	return 0
}
