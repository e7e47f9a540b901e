package fetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// state is what a sync records for the next one.
type state struct {
	// API is the base URL synced from: a sync from another API starts
	// afresh with a full sync.
	API string `json:"api"`
	// To is the end of the last window: the next incremental sync asks
	// for the changes from To until its own start.
	To time.Time `json:"to"`
	// Full says whether the last sync was a full one.
	Full bool `json:"full"`
}

// StateFile is where the sync of dataDir keeps its last window: beside
// the data folder, not in it, so that a build (which reads and hashes
// everything in the data folder) never sees it. For "data" it is
// ".data.fetch-state.json".
func StateFile(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = filepath.Clean(dataDir)
	}
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".fetch-state.json")
}

func readState(file string) (*state, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil || s.To.IsZero() {
		return nil, fmt.Errorf("%s: not a fetch state (%v); delete it to make a full sync", file, err)
	}
	return &s, nil
}

func writeState(file string, s state) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(file, append(b, '\n'))
}
