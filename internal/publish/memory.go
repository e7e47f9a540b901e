package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"testing/fstest"

	"github.com/tdewolff/minify/v2"
)

// Memory is a publisher that keeps the site in memory instead of an output
// folder, so that a test can build a whole site without the disk. It
// checks paths, minifies, counts and (with Options.Compress) compresses
// exactly as Publisher does, so the files it holds are byte for byte the
// ones a build writes; it has no previous build, so every file is new.
// Options.Replace means nothing to it. Its methods are safe for concurrent
// use.
type Memory struct {
	opt Options
	min *minify.M

	mu         sync.Mutex
	files      map[string][]byte
	pages      int
	bytes      int64
	compressed int
	warnings   []string
	done       bool
}

// NewMemory returns an empty in-memory publisher.
func NewMemory(opt Options) *Memory {
	return &Memory{opt: opt, min: Minifier(), files: map[string][]byte{}}
}

// Minify returns data minified for the media type of path p, as Publish
// would store it.
func (m *Memory) Minify(p string, data []byte) ([]byte, error) {
	mt := MediaType(p)
	if _, _, fn := m.min.Match(mt); fn == nil {
		return data, nil
	}
	out, err := m.min.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("publish: minifying %s: %w", p, err)
	}
	return out, nil
}

// Publish minifies data by the media type of p and adds it at p.
// Publishing one path twice is an error.
func (m *Memory) Publish(p string, data []byte) error {
	out, err := m.Minify(p, data)
	if err != nil {
		return err
	}
	return m.PublishMinified(p, out)
}

// PublishMinified adds data, already minified, at p.
func (m *Memory) PublishMinified(p string, data []byte) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	if err := m.put(p, data); err != nil {
		return err
	}
	m.mu.Lock()
	if MediaType(p) == "text/html" {
		m.pages++
	}
	m.mu.Unlock()
	if m.opt.Compress && compressible(p, len(data)) {
		gz, br, err := compress(data)
		if err != nil {
			return fmt.Errorf("publish: compressing %s: %w", p, err)
		}
		m.mu.Lock()
		m.compressed++
		m.mu.Unlock()
		if err := m.put(p+".gz", gz); err != nil {
			return err
		}
		return m.put(p+".br", br)
	}
	return nil
}

// put keeps a copy of data at p: the renderer reuses its buffers.
func (m *Memory) put(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done {
		return errors.New("publish: build already finished")
	}
	if _, dup := m.files[p]; dup {
		return fmt.Errorf("publish: %s was generated twice", p)
	}
	m.files[p] = bytes.Clone(data)
	m.bytes += int64(len(data))
	return nil
}

// SaveWarnings keeps the build's warnings; Warnings returns them.
func (m *Memory) SaveWarnings(w []string) {
	m.mu.Lock()
	m.warnings = w
	m.mu.Unlock()
}

// Warnings are what SaveWarnings kept.
func (m *Memory) Warnings() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.warnings
}

// Commit ends the build: later files are refused. The key, which a
// Publisher records so that a later build can skip, is not kept.
func (m *Memory) Commit(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.done {
		return errors.New("publish: build already finished")
	}
	m.done = true
	return nil
}

// Abort throws the files away, unless Commit ran.
func (m *Memory) Abort() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.done {
		m.done = true
		m.files = map[string][]byte{}
		m.pages, m.bytes, m.compressed = 0, 0, 0
	}
}

// Stats counts the files published so far; every one of them is Written.
func (m *Memory) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Stats{Files: len(m.files), Pages: m.pages, Bytes: m.bytes, Written: len(m.files), Compressed: m.compressed}
}

// FS returns the site as a file system: one file per published path,
// with the folders between them.
func (m *Memory) FS() fs.FS {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(fstest.MapFS, len(m.files))
	for p, b := range m.files {
		out[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return out
}
