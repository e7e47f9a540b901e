// Package urls owns where everything is: the site's base URL, how a site
// path ("/practices/1-2/") becomes a link or an absolute URL, and every
// fixed path of the output. Nothing else joins the base URL to a path.
//
// A site path always starts with "/" and names a place in the output as if
// the site were served from the root; Base.Link adds the base URL's path
// prefix, Base.Abs its scheme and host as well, and File turns a site path
// into the output file that serves it.
package urls
