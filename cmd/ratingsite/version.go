package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildInfo is what the binary knows of its own version.
type buildInfo struct {
	Version  string // module version, "(devel)" for a build from a checkout
	Revision string // VCS revision, "" if unknown
	Time     string // the revision's commit time
	Modified bool   // the checkout had uncommitted changes
	Go       string
}

func readBuildInfo() buildInfo {
	bi := buildInfo{Version: "(devel)", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	if v := info.Main.Version; v != "" {
		bi.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Revision = s.Value
		case "vcs.time":
			bi.Time = s.Value
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		}
	}
	return bi
}

// String is the line ratingsite version prints.
func (bi buildInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ratingsite %s", bi.Version)
	if bi.Revision != "" {
		fmt.Fprintf(&b, ", revision %s", bi.Revision)
		if bi.Time != "" {
			fmt.Fprintf(&b, " of %s", bi.Time)
		}
		if bi.Modified {
			b.WriteString(" with uncommitted changes")
		}
	} else {
		b.WriteString(", revision unknown (built without version control information)")
	}
	fmt.Fprintf(&b, ", %s %s/%s", bi.Go, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// short is the version for a User-Agent: the module version, or the
// first 12 digits of the revision for a development build.
func (bi buildInfo) short() string {
	if bi.Version != "(devel)" || bi.Revision == "" {
		return strings.Trim(bi.Version, "()")
	}
	return bi.Revision[:min(12, len(bi.Revision))]
}

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite version\n\nPrints the module version, the version control revision it was built from,\nand the Go version.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ratingsite version: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	fmt.Fprintln(stdout, readBuildInfo())
	return 0
}
