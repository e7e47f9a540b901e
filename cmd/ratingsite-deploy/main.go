// Command ratingsite-deploy is `ratingsite deploy`: it copies a built site
// to an object store through gocloud.dev (S3, Google Cloud Storage, Azure
// Blob Storage or a folder).
//
// It is a program of its own because the stores' client libraries are
// large: linked into ratingsite they made its binary four times the size
// and added 0.06 s and 30 MB to every command, a no-change build included.
// `ratingsite deploy` runs this program (see cmd/ratingsite/deploy.go);
// `go install ./cmd/...` installs both.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"ratingsite/internal/humanize"
)

func main() {
	// SIGTERM is handled as SIGINT, as by ratingsite: a deploy stops
	// between phases and says what it left.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmdDeploy(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// plural and size format counts and sizes in messages.
var plural, size = humanize.Plural, humanize.Size

// ms rounds a duration for the summary.
func ms(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
