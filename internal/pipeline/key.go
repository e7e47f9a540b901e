package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"ratingsite/internal/buildid"
)

// inputKey identifies everything a build's output depends on: this
// program, the options, and the content of every input file. Two builds
// with one key make the same site, so a rebuild whose key matches the
// output's recorded state has nothing to do.
func inputKey(cfg Config, ins inputs) (string, error) {
	h := sha256.New()
	exe, err := executableHash()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "program %s\n", exe)
	fmt.Fprintf(h, "base %q categories %q compress %v sitemap %d epoch %q\n",
		cfg.BaseURL, strings.Join(cfg.Categories, ","), cfg.Compress, cfg.SitemapLimit, os.Getenv("SOURCE_DATE_EPOCH"))
	fmt.Fprintf(h, "unsafe-html %v\n", cfg.UnsafeHTML)
	fmt.Fprintf(h, "tiles %q %q\n", cfg.Tiles, cfg.TilesAttribution)
	for _, in := range ins.all() {
		fmt.Fprintf(h, "dir %q\n", in.name)
		if in.fsys == nil {
			continue
		}
		if err := hashTree(h, in.fsys, "."); err != nil {
			return "", fmt.Errorf("%s: %w", in.name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// executableHash identifies this program (see buildid.Program): its Go
// build ID, read in microseconds, rather than a hash of its 90 MB, which
// was most of a no-change rebuild's CPU time.
func executableHash() (string, error) { return buildid.Program() }

// hashTree adds every regular file under dir in fsys (path and content,
// in path order) to h.
func hashTree(h hash.Hash, fsys fs.FS, dir string) error {
	var files, links []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type().IsRegular():
			files = append(files, p)
		case d.Type()&fs.ModeSymlink != 0:
			// Follow links, as the readers do: a linked folder is hashed
			// in full, a linked file like any other. (Links that lead
			// nowhere or loop were reported by checkInputLinks.)
			st, err := fs.Stat(fsys, p)
			if err != nil {
				return err
			}
			if st.IsDir() {
				links = append(links, p)
			} else {
				files = append(files, p)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, l := range links {
		fmt.Fprintf(h, "link %q\n", l)
		if err := hashTree(h, fsys, l); err != nil {
			return err
		}
	}
	sort.Strings(files)
	for _, p := range files {
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		st, err := f.Stat()
		if err == nil {
			fmt.Fprintf(h, "file %q %d\n", p, st.Size())
			_, err = io.Copy(h, f)
		}
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
