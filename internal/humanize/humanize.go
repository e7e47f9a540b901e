// Package humanize formats counts and sizes for the messages the commands
// print: "1 file", "3 files", "2.5 MB".
package humanize

import "fmt"

// Plural is n and word, with an s unless n is 1: "1 file", "3 files".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Size is n bytes in bytes, kB or MB (powers of 1,024), one decimal.
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
