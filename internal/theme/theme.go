package theme

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"ratingsite/internal/publish"
	"ratingsite/internal/urls"
	"ratingsite/internal/view"
	"ratingsite/templates"
)

// The files a site's templates/ folder may hold: the words that override
// the defaults, and a page shell that replaces the built-in one. Nothing
// else: the pages themselves are compiled in (package ratingsite/templates).
const (
	WordsFile = "words.toml"
	ShellFile = "shell.html"
)

// Theme is the pages as a site has them: the compiled templates, the
// words (the defaults with the site's own over them) and, if the site has
// one, its own shell.
type Theme struct {
	Words *view.Words
	// Shell is the site's shell.html as written, or nil.
	Shell []byte
	// shell is the site's shell.html, minified, or nil; source is the same
	// as written, which reports execution errors at their true lines.
	shell, source *template.Template
}

// ShellView is what a site's shell.html receives: the page (its titles,
// canonical URL, breadcrumbs, Shared and view) and the built-in shell's
// parts, ready to print, so that a shell can keep any of them.
type ShellView struct {
	*view.Page
	// Head is the inside of the built-in <head>: charset,
	// Content-Security-Policy, viewport, title, description, canonical
	// link, robots, stylesheet, scripts, Open Graph tags and feed links.
	Head template.HTML
	// Header, Breadcrumbs and Footer are the built-in header, breadcrumb
	// trail and footer; Content is the page's own content, which goes in
	// <main id="main">.
	Header, Breadcrumbs, Content, Footer template.HTML
}

// Load reads a site's templates/ folder (nil for none): its words.toml
// and shell.html. base and assets are what the shell's url, abs, asset
// and integrity functions give. Every problem is reported, not just the
// first, each naming its file and, where it has one, its line.
func Load(fsys fs.FS, base *urls.Base, assets map[string]view.Asset) (*Theme, error) {
	t := &Theme{Words: view.DefaultWords()}
	if fsys == nil {
		return t, nil
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("templates: %w", err)
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() || strings.HasPrefix(name, ".") || path.Ext(name) == ".go" || path.Ext(name) == ".templ":
			// The repository's own templates/ is the Go package of the
			// compiled templates: built from the repository's root, the
			// default -templates is that folder.
		case name == WordsFile:
			if err := t.loadWords(fsys); err != nil {
				errs = append(errs, err)
			}
		case name == ShellFile:
			if err := t.loadShell(fsys, base, assets); err != nil {
				errs = append(errs, err)
			}
		case path.Ext(name) == ".html":
			errs = append(errs, oldTemplate(name))
		default:
			errs = append(errs, fmt.Errorf("templates/%s: not a file ratingsite reads: a site's templates/ holds only %s and %s (see docs/pages.md); rename or remove it", name, WordsFile, ShellFile))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// oldTemplate explains what replaced a page template a site used to
// override by name.
func oldTemplate(name string) error {
	instead := "restyle with assets/site.css, and put the page shell in templates/" + ShellFile + " and the words of the pages in templates/" + WordsFile
	if name == "base.html" {
		instead = "move its <head>, header and footer into templates/" + ShellFile
	}
	return fmt.Errorf("templates/%s: a site can no longer replace a page's template by its file name: the pages are compiled into ratingsite; %s (docs/pages.md says how), then delete templates/%s", name, instead, name)
}

func (t *Theme) loadWords(fsys fs.FS) error {
	b, err := fs.ReadFile(fsys, WordsFile)
	if err != nil {
		return fmt.Errorf("templates/%s: %w", WordsFile, err)
	}
	d := toml.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(t.Words); err != nil {
		return wordsError(err)
	}
	return nil
}

// wordsError names the file, the line and the column of every problem in
// words.toml, and what to do about it.
func wordsError(err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for _, e := range strict.Errors {
			row, col := e.Position()
			errs = append(errs, fmt.Errorf("templates/%s:%d:%d: unknown key %q: check its spelling against the keys docs/pages.md lists, or remove it",
				WordsFile, row, col, strings.Join(e.Key(), ".")))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Errorf("templates/%s:%d:%d: %s: write each word as key = \"text\" under its page's [section], as docs/pages.md shows",
			WordsFile, row, col, de.Error())
	}
	return fmt.Errorf("templates/%s: %w", WordsFile, err)
}

func (t *Theme) loadShell(fsys fs.FS, base *urls.Base, assets map[string]view.Asset) error {
	b, err := fs.ReadFile(fsys, ShellFile)
	if err != nil {
		return fmt.Errorf("templates/%s: %w", ShellFile, err)
	}
	funcs := template.FuncMap{"url": base.Link, "abs": base.Abs,
		"asset": func(name string) (string, error) {
			a, ok := assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in assets/", name)
			}
			return base.Link(a.Path), nil
		},
		"integrity": func(name string) (string, error) {
			a, ok := assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in assets/", name)
			}
			return a.Integrity, nil
		}}
	parse := func(text string) (*template.Template, error) {
		return template.New(ShellFile).Funcs(funcs).Option("missingkey=error").Parse(text)
	}
	t.Shell = b
	// Parsed as written, which reports errors at their true lines, and
	// minified, which pages are executed from: they come out minified, so
	// the publisher need not parse every page again.
	if t.source, err = parse(string(b)); err != nil {
		return shellError(err)
	}
	min, err := publish.MinifyTemplate(string(b))
	if err != nil {
		return fmt.Errorf("templates/%s: minifying: %w", ShellFile, err)
	}
	if t.shell, err = parse(min); err != nil {
		return fmt.Errorf("templates/%s: %w (it is valid as written but not once minified: report this as a bug)", ShellFile, err)
	}
	return nil
}

// Execute renders page kind name (e.g. "practice.html") for p into buf.
func (t *Theme) Execute(buf *bytes.Buffer, name string, p *view.Page) error {
	ctx := context.Background()
	if t.shell == nil || name == templates.EmbedPage {
		c, err := templates.Page(name, p)
		if err != nil {
			return err
		}
		return c.Render(ctx, buf)
	}
	body, head, err := templates.Body(name, p)
	if err != nil {
		return err
	}
	v := &ShellView{Page: p}
	var b strings.Builder
	for _, part := range []struct {
		to   *template.HTML
		from func() error
	}{
		{&v.Head, func() error { return templates.Head(p, head).Render(ctx, &b) }},
		{&v.Header, func() error { return templates.Header(p).Render(ctx, &b) }},
		{&v.Breadcrumbs, func() error { return templates.Breadcrumbs(p).Render(ctx, &b) }},
		{&v.Content, func() error { return body.Render(ctx, &b) }},
		{&v.Footer, func() error { return templates.Footer(p.Shared).Render(ctx, &b) }},
	} {
		b.Reset()
		if err := part.from(); err != nil {
			return err
		}
		*part.to = template.HTML(b.String())
	}
	if err := t.shell.Execute(buf, v); err != nil {
		// The minified text has other line numbers: run the shell as
		// written to report the error where its author can find it.
		var scratch bytes.Buffer
		if err1 := t.source.Execute(&scratch, v); err1 != nil {
			err = err1
		}
		return shellError(err)
	}
	return nil
}

// shellError is an error of html/template in shell.html, which names the
// file, line and column ("template: shell.html:3:14: …"), with what to do.
func shellError(err error) error {
	return fmt.Errorf("templates/%s (fix templates/%s: docs/pages.md lists what it receives)", strings.TrimPrefix(err.Error(), "template: "), ShellFile)
}
