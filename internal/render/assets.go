package render

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
	"strings"
)

// Asset is a published asset: its fingerprinted path and its
// subresource-integrity hash.
type Asset = view.Asset

// NewAsset names an asset's (minified) content: the first 8 hex digits of
// its SHA-256 go before the extension, so a changed file gets a new name
// and every name can be cached for ever.
func NewAsset(name string, data []byte) Asset {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	fp := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	sri := sha512.Sum384(data)
	return Asset{Path: urls.Assets + fp, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}
}

// publishAssets minifies every file in assets/, names it by its content
// ("site.css" becomes "assets/site.3f2a9c1b.css") so that it can be cached
// for ever, records its subresource-integrity hash, and publishes it.
func publishAssets(assets fs.FS, pub Publisher) (map[string]Asset, error) {
	out := map[string]Asset{}
	if assets == nil {
		return out, nil
	}
	names, err := fs.Glob(assets, "*")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		st, err := fs.Stat(assets, name)
		if err != nil || st.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		b, err := fs.ReadFile(assets, name)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		if b, err = pub.Minify(name, b); err != nil {
			return nil, err
		}
		a := NewAsset(name, b)
		if err := pub.PublishMinified(urls.File(a.Path), b); err != nil {
			return nil, err
		}
		out[name] = a
	}
	return out, nil
}
