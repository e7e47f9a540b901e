package publish

import (
	"os"
	"path/filepath"
)

// Incremental rendering: the renderer hashes what each file is made from
// (a page's prepared view, an image's scene) into a key. The state
// records each file's key beside its content hash, and the next build asks
// Reuse before it renders a file: when the previous build made the file
// from the same key, and the output still holds it as that build left it,
// the file is hard-linked into the new tree like any unchanged file and
// its template or encoder never runs.

// Keyed reports whether the build records keys: it writes a state
// (Discard does not).
func (pub *Publisher) Keyed() bool { return pub.stage != "" }

// SetKey records the key of the inputs file p was made from, published
// (or about to be published) by this build, so that the next build can
// reuse it. Safe for concurrent use.
func (pub *Publisher) SetKey(p, key string) {
	pub.mu.Lock()
	if pub.keys == nil {
		pub.keys = map[string]string{}
	}
	pub.keys[p] = key
	pub.mu.Unlock()
}

// Reuse publishes file p of the previous build again, unchanged, when that
// build recorded key for it and the output folder still holds it with the
// size and modification time that build recorded. It reports whether it
// did; when it did not, the caller makes the file and publishes it as
// usual. With Options.Compress the file's .gz and .br are kept too (or
// made again from the kept file when they cannot be). Safe for concurrent
// use.
func (pub *Publisher) Reuse(p, key string) (bool, error) {
	if key == "" || pub.stage == "" || pub.fresh || pub.prev == nil || pub.full.Load() {
		return false, nil
	}
	f, ok := pub.prev.Files[p]
	if !ok || f.Key != key {
		return false, nil
	}
	if err := CheckPath(p); err != nil {
		return false, err
	}
	// The file comes from the spare the build stages into when that
	// already holds it, and from the output folder otherwise.
	src := filepath.Join(pub.stage, filepath.FromSlash(p))
	st, fromStage := pub.inStage(p, f.Hash)
	if !fromStage {
		src = filepath.Join(pub.out, filepath.FromSlash(p))
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() || !f.describes(info) {
			return false, nil
		}
		if pub.old != nil && pub.old.links {
			// Never take a file through a link to a folder elsewhere.
			if d, err := filepath.EvalSymlinks(filepath.Dir(src)); err != nil || d != filepath.Dir(src) {
				return false, nil
			}
		}
		st = FileState{Hash: f.Hash, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	}
	pub.mu.Lock()
	_, dup := pub.files[p]
	if !dup {
		pub.files[p] = FileState{Hash: f.Hash}
	}
	pub.mu.Unlock()
	if dup {
		return false, nil // let Publish report it
	}
	if !fromStage {
		if err := pub.link(p, filepath.Join(pub.stage, filepath.FromSlash(p))); err != nil {
			pub.mu.Lock()
			delete(pub.files, p)
			pub.mu.Unlock()
			if pub.diskFull(err) {
				return true, nil // Commit reports it
			}
			return false, nil // make the file instead
		}
	}
	pub.setFile(p, st)
	pub.SetKey(p, key)
	pub.unchanged.Add(1)
	pub.bytes.Add(st.Size)
	if MediaType(p) == "text/html" {
		pub.pages.Add(1)
	}
	if pub.opt.Compress && compressible(p, int(st.Size)) && !pub.keepCompressed(p, f.Hash) {
		data, err := os.ReadFile(src)
		if err != nil {
			return true, err
		}
		gz, br, err := compress(data)
		if err != nil {
			return true, err
		}
		pub.compressed.Add(1)
		if _, err := pub.put(p+".gz", gz); err != nil {
			return true, err
		}
		if _, err := pub.put(p+".br", br); err != nil {
			return true, err
		}
	}
	return true, nil
}
