package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress reports a long build: a bar redrawn in place on a terminal,
// and a plain line every few seconds when the output is a file or a pipe.
type progress struct {
	w          io.Writer
	terminal   bool
	every      time.Duration
	verb, noun string // "rendered", "pages"

	mu    sync.Mutex
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer) *progress { return newProgressOf(w, "rendered", "pages") }

// newProgressOf reports the progress of other work: "fetched", "documents".
func newProgressOf(w io.Writer, verb, noun string) *progress {
	p := &progress{w: w, every: 2 * time.Second, start: time.Now(), verb: verb, noun: noun}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal, p.every = true, 100*time.Millisecond
		}
	}
	p.last = p.start
	return p
}

// update is build.Config.Progress. It is called from every render worker.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < p.every && done != total {
		return
	}
	if !p.drawn && done == total {
		return // a build too short to need a report
	}
	p.last = now
	if !p.terminal {
		fmt.Fprintf(p.w, "%s %d of %d %s (%d%%) in %s\n", p.verb, done, total, p.noun, 100*done/max(total, 1), now.Sub(p.start).Round(time.Second))
		p.drawn = true
		return
	}
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total, p.noun)
	p.drawn = true
	if done == total {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
