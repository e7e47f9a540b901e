// Package stat owns the figures a press release can quote: every
// {{< stat "KEY" >}} key and its value, formatted exactly as the site's
// pages print it. The table is built once per build from the model and the
// figures, so a release can never quote a number the site contradicts.
//
// To add keys, write a function of type Source and add it to Sources: the
// README's list of keys is checked against Patterns by a test.
package stat
