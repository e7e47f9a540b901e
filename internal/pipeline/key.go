package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ratingsite/internal/buildid"
)

// inputKey identifies everything a build's output depends on: this
// program, the options, and the content of every input file. Two builds
// with one key make the same site, so a rebuild whose key matches the
// output's recorded state has nothing to do.
func inputKey(cfg Config) (string, error) {
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
	for _, dir := range []string{cfg.DataDir, cfg.ContentDir, cfg.TemplatesDir, cfg.AssetsDir} {
		fmt.Fprintf(h, "dir %q\n", dir)
		if err := hashTree(h, dir); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// executableHash identifies this program (see buildid.Program): its Go
// build ID, read in microseconds, rather than a hash of its 90 MB, which
// was most of a no-change rebuild's CPU time.
func executableHash() (string, error) { return buildid.Program() }

// hashTree adds every regular file under dir (path and content, in path
// order) to h. A missing dir adds nothing.
func hashTree(h hash.Hash, dir string) error {
	var files, links []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		switch {
		case d.Type().IsRegular():
			files = append(files, p)
		case d.Type()&fs.ModeSymlink != 0:
			// Follow links, as the readers do: a linked folder is hashed
			// in full, a linked file like any other.
			st, err := os.Stat(p)
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
		if err := hashTree(h, l+string(filepath.Separator)); err != nil {
			return err
		}
	}
	sort.Strings(files)
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		st, _ := f.Stat()
		fmt.Fprintf(h, "file %q %d\n", p, st.Size())
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
