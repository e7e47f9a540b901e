package fetch

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"ratingsite/internal/pipeline"
)

// TestFetchThenBuild: what a full sync writes builds into the site the
// real documents make (33 practices, 36 closed), and a later sync that
// changes no document leaves the next build nothing to do: the state file
// is outside the data folder the build hashes.
func TestFetchThenBuild(t *testing.T) {
	_, srv := newFakeAPI(t)
	data := filepath.Join(t.TempDir(), "data")
	out := filepath.Join(t.TempDir(), "public")
	var s sleeps
	o := testOptions(srv, data, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), &s)
	o.Rate = 6000 // one request every 10 ms, across all workers
	start := time.Now()
	res, err := API(context.Background(), o)
	if err != nil || res.Fetched != 69 {
		t.Fatalf("%+v %v", res, err)
	}
	// 4 pages and 69 documents: the 73rd request goes 720 ms after the first.
	if d := time.Since(start); d < 720*time.Millisecond {
		t.Errorf("73 requests at 6000 a minute took %v, want at least 720ms", d)
	}
	cfg := pipeline.Config{DataDir: data, OutDir: out, BaseURL: "https://example.org/"}
	b, err := pipeline.Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Practices != 33 || b.Closed != 36 {
		t.Errorf("built %d practices, %d closed; want 33 and 36", b.Practices, b.Closed)
	}
	o.Now = func() time.Time { return time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) }
	res, err = API(context.Background(), o)
	if err != nil || res.Full || res.StateFile == "" {
		t.Fatalf("incremental sync: %+v %v", res, err)
	}
	b, err = pipeline.Build(context.Background(), cfg)
	if err != nil || !b.Skipped {
		t.Errorf("the build after a sync that changed nothing was not skipped (%v): does it see the state file?", err)
	}
}
