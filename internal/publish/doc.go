// Package publish is the one place that writes output files. Every file of
// the site passes through Publish: it is checked to stay inside the output
// directory, minified by media type, optionally compressed, and compared
// with what the output directory already holds.
//
// A build makes its whole new tree in a staging folder beside the output
// folder, on the same file system: changed and new files are written
// there, and unchanged files are hard-linked from the old tree (so they
// keep their inode and modification time). Commit then switches the two
// trees in one step (renameat2 RENAME_EXCHANGE) and removes the old one, so
// the output folder always holds either the whole old site or the whole
// new one, an unchanged file is never rewritten, and the result is
// byte-identical to a clean build. Nothing the previous build's state
// does not list is ever removed without Options.Replace. See docs/output.md.
//
// Memory is the same publisher without the disk: it keeps the files, byte
// for byte as Publisher writes them, in memory, for tests.
package publish
