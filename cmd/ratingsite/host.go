package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"ratingsite/internal/hosts"
	"ratingsite/internal/publish"
)

// hostFlags declares build's -host and -strict (which also refuses the
// default -base-url, see cmdBuild).
func hostFlags(fs *flag.FlagSet) (host *string, strict *bool) {
	host = fs.String("host", "", "check the built site against a host's limits: "+strings.Join(hosts.Names, ", "))
	strict = fs.Bool("strict", false, "refuse to build with the default -base-url (exit 2, nothing written); with -host, exit 1 when the site exceeds a limit (the site is still written)")
	return host, strict
}

// hostFlagError reports an unknown -host before anything is built.
func hostFlagError(w io.Writer, host string) int {
	if host != "" && !slices.Contains(hosts.Names, host) {
		fmt.Fprintf(w, "ratingsite build: unknown -host %q: use one of %s\n", host, strings.Join(hosts.Names, ", "))
		return 2
	}
	return 0
}

// checkHost checks the site just built into out, from the list of files
// its state records, and returns the exit code.
func checkHost(w io.Writer, out, host string, strict bool) int {
	if host == "" {
		return 0
	}
	st := publish.LoadState(out)
	if st == nil {
		fmt.Fprintf(w, "ratingsite build: -host: no state beside %s to list its files\n", out)
		return 1
	}
	files := make([]hosts.File, 0, len(st.Files))
	for p, f := range st.Files {
		files = append(files, hosts.File{Path: p, Size: f.Size})
	}
	hdr, _ := os.ReadFile(filepath.Join(out, "_headers"))
	found, err := hosts.Check(host, files, hdr)
	if err != nil {
		fmt.Fprintf(w, "ratingsite build: -host: %v\n", err)
		return 2
	}
	exceeded := false
	for _, f := range found {
		kind := "note"
		if f.Over {
			kind, exceeded = "warning", true
			if strict {
				kind = "error"
			}
		}
		fmt.Fprintf(w, "%s: %s\n", kind, f)
	}
	if exceeded && strict {
		fmt.Fprintf(w, "ratingsite build: the site in %s exceeds the limits of %s (-strict)\n", out, host)
		return 1
	}
	return 0
}
