package publish

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
)

// errStopWalk, returned by a walk's visit, stops the walk without an
// error.
var errStopWalk = errors.New("stop the walk")

// walkFolders reads every folder under root (root itself first), without
// following links, on one worker per CPU: reading a folder is a few
// system calls, and an output folder has one folder per practice. Each
// worker calls check (if not nil) with a folder's full path before it
// reads it; visit is called with each folder's slash path ("." for root)
// and its entries, one call at a time. The first error of either stops
// the walk and is returned (errStopWalk as nil).
func walkFolders(root string, check func(full string) error, visit func(rel string, entries []fs.DirEntry) error) error {
	var (
		mu      sync.Mutex
		wake    = sync.NewCond(&mu)
		queue   = []string{"."}
		busy    int
		stopped error
	)
	work := func() {
		mu.Lock()
		defer mu.Unlock()
		for {
			for len(queue) == 0 && busy > 0 && stopped == nil {
				wake.Wait()
			}
			if len(queue) == 0 || stopped != nil {
				wake.Broadcast()
				return
			}
			rel := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			busy++
			mu.Unlock()
			full := filepath.Join(root, filepath.FromSlash(rel))
			var entries []fs.DirEntry
			var err error
			if check != nil {
				err = check(full)
			}
			if err == nil {
				entries, err = readFolder(full)
			}
			mu.Lock()
			busy--
			if err == nil && stopped == nil {
				err = visit(rel, entries)
				for _, e := range entries {
					if e.IsDir() {
						queue = append(queue, path.Join(rel, e.Name()))
					}
				}
			}
			if err != nil && stopped == nil {
				stopped = err
			}
			wake.Broadcast()
		}
	}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(work)
	}
	wg.Wait()
	if stopped == errStopWalk {
		return nil
	}
	return stopped
}

// readFolder lists a folder's entries, in the folder's order.
func readFolder(full string) ([]fs.DirEntry, error) {
	f, err := os.Open(full)
	if err != nil {
		return nil, err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	return entries, err
}
