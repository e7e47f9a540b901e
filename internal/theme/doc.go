// Package theme is a site's own look over the compiled pages: the words
// of every page (templates/words.toml over view.DefaultWords) and the page
// shell (templates/shell.html: head, header and footer around each page's
// content). Load reads them and reports every problem with its file and
// line; Theme.Execute renders a page through them. The pages themselves
// are compiled in (package ratingsite/templates), so nothing here can
// call back into the model. See docs/pages.md.
package theme
